package dev.mnc.frontend.onnx;

import dev.mnc.ir.DType;
import dev.mnc.ir.Dim;
import dev.mnc.ir.Layout;
import dev.mnc.ir.MncException;
import dev.mnc.ir.Shape;
import dev.mnc.ir.TensorType;
import dev.mnc.onnx.proto.Onnx.NodeProto;
import dev.mnc.onnx.proto.Onnx.TensorShapeProto;
import dev.mnc.onnx.proto.Onnx.TypeProto;
import dev.mnc.onnx.proto.Onnx.ValueInfoProto;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns an ONNX graph input into a fully static IR input type.
 *
 * <p>Shape: a {@code --input-shape} binding gives every dim (rank must match; for an NCHW input it
 * must keep a static channel count); without one, static dims stay, a dynamic first dim becomes 1
 * (the batch) and any other dynamic dim is an error that shows the binding to write. A dim is
 * dynamic when it has a {@code dim_param}, no value, or a negative value (paddle2onnx writes -1).
 *
 * <p>Layout: a rank-4 input is NCHW, as ONNX's spatial ops define, unless the model first feeds it
 * (through elementwise ops at most) into a Transpose: then it is image data in another order
 * (tf2onnx keeps TensorFlow's NHWC inputs) and stays without layout; the Transpose is imported and
 * a later pass removes it.
 */
final class InputBinder {
    /** Ops through which the input keeps its meaning while the layout question is still open. */
    private static final Set<String> ELEMENTWISE = Set.of("Add", "Sub", "Mul", "Div", "Cast", "Identity", "Relu",
            "Clip", "Sigmoid", "Neg", "Abs", "Sqrt");

    private final GraphTopology topology;
    private final ImportOptions options;
    private final List<String> changes = new ArrayList<>();

    InputBinder(GraphTopology topology, ImportOptions options) {
        this.topology = topology;
        this.options = options;
    }

    /** Descriptions of static dims the bindings changed, e.g. {@code x [1,3,224,224] -> [1,3,160,160]}. */
    List<String> changes() {
        return changes;
    }

    TensorType bind(ValueInfoProto input) {
        String name = input.getName();
        TypeProto type = input.getType();
        if (!type.hasTensorType()) {
            throw new MncException("graph input '" + name + "' is not a tensor; mnc imports tensor inputs only");
        }
        TypeProto.Tensor tt = type.getTensorType();
        DType dtype;
        int elem = tt.getElemType();
        if (elem == 0) {
            throw new MncException("graph input '" + name + "' has no element type");
        }
        dtype = OnnxTypes.irType(elem);
        if (dtype == DType.F32 && elem != dev.mnc.onnx.proto.Onnx.TensorProto.DataType.FLOAT_VALUE) {
            throw new MncException("graph input '" + name + "' is " + OnnxTypes.name(elem)
                    + "; mnc imports float32 models (re-export the model with float32 inputs)");
        }
        List<Dim> declared = tt.hasShape() ? declared(name, tt.getShape()) : null;
        long[] binding = options.inputShape(name);
        long[] dims = binding != null ? applyBinding(name, declared, binding) : defaults(name, declared);
        Shape shape = Shape.of(dims);
        try {
            shape.numElements();
        } catch (MncException e) {
            throw new MncException("graph input '" + name + "': " + e.getMessage());
        }
        Layout layout = dims.length == 4 && !feedsTransposeFirst(name) ? Layout.NCHW : Layout.NONE;
        if (binding != null && layout == Layout.NCHW && declared != null && declared.get(1).isStatic()
                && declared.get(1).size() != binding[1]) {
            throw new MncException("--input-shape " + name + ":" + join(binding) + " changes the channel count of input '"
                    + name + "' from " + declared.get(1).size() + " to " + binding[1]
                    + "; the weights fix it, only batch and spatial sizes may change");
        }
        return new TensorType(dtype, shape, layout);
    }

    private static List<Dim> declared(String name, TensorShapeProto s) {
        if (s.getDimCount() > Shape.MAX_RANK) {
            throw new MncException("graph input '" + name + "' has rank " + s.getDimCount() + ", more than "
                    + Shape.MAX_RANK);
        }
        List<Dim> out = new ArrayList<>();
        for (int i = 0; i < s.getDimCount(); i++) {
            TensorShapeProto.Dimension d = s.getDim(i);
            if (d.hasDimValue() && d.getDimValue() >= 0) {
                out.add(Dim.of(d.getDimValue()));
            } else {
                out.add(Dim.dynamic(d.hasDimParam() && !d.getDimParam().isEmpty() ? d.getDimParam() : "?"));
            }
        }
        return out;
    }

    private long[] applyBinding(String name, List<Dim> declared, long[] binding) {
        if (declared == null) {
            return binding;
        }
        if (declared.size() != binding.length) {
            throw new MncException("--input-shape " + name + ":" + join(binding) + " has rank " + binding.length
                    + " but input '" + name + "' has rank " + declared.size() + " " + Shape.of(declared));
        }
        boolean changed = false;
        for (int i = 0; i < binding.length; i++) {
            Dim d = declared.get(i);
            if (d.isStatic() && d.size() != binding[i]) {
                changed = true;
            }
        }
        if (changed) {
            changes.add(name + " " + Shape.of(declared) + " -> " + Shape.of(binding));
        }
        return binding;
    }

    private static long[] defaults(String name, List<Dim> declared) {
        if (declared == null) {
            throw new MncException("graph input '" + name + "' has no shape; pass one with --input-shape "
                    + name + ":D0,D1,...");
        }
        long[] dims = new long[declared.size()];
        for (int i = 0; i < dims.length; i++) {
            Dim d = declared.get(i);
            if (d.isStatic()) {
                if (d.size() == 0) {
                    throw new MncException("graph input '" + name + "' has a zero dim " + i + "; pass a size with "
                            + "--input-shape " + name + ":" + template(declared));
                }
                dims[i] = d.size();
            } else if (i == 0) {
                dims[i] = 1;
            } else {
                throw new MncException("graph input '" + name + "' " + Shape.of(declared) + " has dynamic dim " + i
                        + " ('" + d.symbol() + "'); pass its size with --input-shape " + name + ":" + template(declared));
            }
        }
        return dims;
    }

    /** A binding to fill in, e.g. {@code 1,3,H,W}. */
    private static String template(List<Dim> declared) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < declared.size(); i++) {
            Dim d = declared.get(i);
            sb.append(i > 0 ? "," : "");
            if (d.isStatic() && d.size() > 0) {
                sb.append(d.size());
            } else if (i == 0) {
                sb.append(1);
            } else if (declared.size() == 4 && i >= 2) {
                sb.append(i == 2 ? "H" : "W");
            } else {
                sb.append("D").append(i);
            }
        }
        return sb.toString();
    }

    private boolean feedsTransposeFirst(String input) {
        Deque<String> work = new ArrayDeque<>(List.of(input));
        Set<String> seen = new HashSet<>();
        while (!work.isEmpty()) {
            String v = work.pop();
            if (!seen.add(v)) {
                continue;
            }
            for (NodeProto n : topology.consumers(v)) {
                if (n.getOpType().equals("Transpose")) {
                    return true;
                }
                if (ELEMENTWISE.contains(n.getOpType())) {
                    n.getOutputList().stream().filter(o -> !o.isEmpty()).forEach(work::add);
                }
            }
        }
        return false;
    }

    private static String join(long[] dims) {
        return Arrays.toString(dims).replaceAll("[\\[\\] ]", "");
    }
}
