package dev.mnc.backend.tflite;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.lite.schema.ActivationFunctionType;
import org.tensorflow.lite.schema.BuiltinOptions;
import org.tensorflow.lite.schema.FullyConnectedOptionsWeightsFormat;
import org.tensorflow.lite.schema.MirrorPadMode;
import org.tensorflow.lite.schema.Padding;

/**
 * The option fields the reader reports, per builtin options table: each field's schema name, its
 * slot (its position in the schema's table, which is how a flatbuffer finds it) and its type and
 * default. Enum fields are reported by their schema names (values a newer schema added, by
 * their number). Other tables' fields are not reported.
 */
final class OptionFields {
    private OptionFields() {}

    private enum Kind { INT, FLOAT, BOOL, PADDING, ACTIVATION, TENSOR_TYPE, MIRROR_MODE, WEIGHTS_FORMAT, INT_VECTOR }

    private record Field(String name, int slot, Kind kind, Object dflt) {}

    private static final Map<Byte, List<Field>> FIELDS = new HashMap<>();
    /** Default marking a deprecated field that is skipped. */
    private static final Object SKIP = new Object();

    private static void table(byte type, Object... spec) {
        List<Field> fields = new ArrayList<>();
        for (int i = 0; i < spec.length; i += 3) {
            Kind k = (Kind) spec[i + 1];
            Object dflt = spec[i + 2];
            fields.add(new Field((String) spec[i], i / 3, k, dflt));
        }
        FIELDS.put(type, fields);
    }

    static {
        String act = "fused_activation_function";
        table(BuiltinOptions.Conv2DOptions, "padding", Kind.PADDING, 0, "stride_w", Kind.INT, 0, "stride_h", Kind.INT, 0,
                act, Kind.ACTIVATION, 0, "dilation_w_factor", Kind.INT, 1, "dilation_h_factor", Kind.INT, 1);
        table(BuiltinOptions.DepthwiseConv2DOptions, "padding", Kind.PADDING, 0, "stride_w", Kind.INT, 0, "stride_h",
                Kind.INT, 0, "depth_multiplier", Kind.INT, 0, act, Kind.ACTIVATION, 0, "dilation_w_factor", Kind.INT, 1,
                "dilation_h_factor", Kind.INT, 1);
        table(BuiltinOptions.Pool2DOptions, "padding", Kind.PADDING, 0, "stride_w", Kind.INT, 0, "stride_h", Kind.INT, 0,
                "filter_width", Kind.INT, 0, "filter_height", Kind.INT, 0, act, Kind.ACTIVATION, 0);
        table(BuiltinOptions.FullyConnectedOptions, act, Kind.ACTIVATION, 0, "weights_format", Kind.WEIGHTS_FORMAT, 0,
                "keep_num_dims", Kind.BOOL, false, "asymmetric_quantize_inputs", Kind.BOOL, false);
        table(BuiltinOptions.SoftmaxOptions, "beta", Kind.FLOAT, 0f);
        table(BuiltinOptions.ConcatenationOptions, "axis", Kind.INT, 0, act, Kind.ACTIVATION, 0);
        table(BuiltinOptions.AddOptions, act, Kind.ACTIVATION, 0);
        table(BuiltinOptions.SubOptions, act, Kind.ACTIVATION, 0);
        table(BuiltinOptions.MulOptions, act, Kind.ACTIVATION, 0);
        table(BuiltinOptions.DivOptions, act, Kind.ACTIVATION, 0);
        table(BuiltinOptions.ResizeBilinearOptions, "new_height", Kind.INT, SKIP, "new_width", Kind.INT, SKIP,
                "align_corners", Kind.BOOL, false, "half_pixel_centers", Kind.BOOL, false);
        table(BuiltinOptions.ResizeNearestNeighborOptions, "align_corners", Kind.BOOL, false, "half_pixel_centers",
                Kind.BOOL, false);
        table(BuiltinOptions.ReshapeOptions, "new_shape", Kind.INT_VECTOR, null);
        table(BuiltinOptions.GatherOptions, "axis", Kind.INT, 0, "batch_dims", Kind.INT, 0);
        table(BuiltinOptions.ReducerOptions, "keep_dims", Kind.BOOL, false);
        table(BuiltinOptions.StridedSliceOptions, "begin_mask", Kind.INT, 0, "end_mask", Kind.INT, 0, "ellipsis_mask",
                Kind.INT, 0, "new_axis_mask", Kind.INT, 0, "shrink_axis_mask", Kind.INT, 0, "offset", Kind.BOOL, false);
        table(BuiltinOptions.SplitOptions, "num_splits", Kind.INT, 0);
        table(BuiltinOptions.CastOptions, "in_data_type", Kind.TENSOR_TYPE, 0, "out_data_type", Kind.TENSOR_TYPE, 0);
        table(BuiltinOptions.TransposeConvOptions, "padding", Kind.PADDING, 0, "stride_w", Kind.INT, 0, "stride_h",
                Kind.INT, 0, act, Kind.ACTIVATION, 0);
        table(BuiltinOptions.LeakyReluOptions, "alpha", Kind.FLOAT, 0f);
        table(BuiltinOptions.MirrorPadOptions, "mode", Kind.MIRROR_MODE, 0);
        table(BuiltinOptions.BatchMatMulOptions, "adj_x", Kind.BOOL, false, "adj_y", Kind.BOOL, false,
                "asymmetric_quantize_inputs", Kind.BOOL, false);
    }

    /** The listed fields of an options table of {@code type}, by name (empty for other tables). */
    static Map<String, Object> read(byte type, FlatReader.Table t) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Field f : FIELDS.getOrDefault(type, List.of())) {
            if (f.dflt() == SKIP) {
                continue;
            }
            out.put(f.name(), switch (f.kind()) {
                case INT -> t.int32(f.slot(), (Integer) f.dflt());
                case FLOAT -> t.float32(f.slot(), (Float) f.dflt());
                case BOOL -> t.bool(f.slot(), (Boolean) f.dflt());
                case PADDING -> name(Padding.names, t.int8(f.slot(), (byte) 0), "PADDING");
                case ACTIVATION -> name(ActivationFunctionType.names, t.int8(f.slot(), (byte) 0), "ACTIVATION");
                case TENSOR_TYPE -> TfliteTypes.name(t.int8(f.slot(), (byte) 0));
                case MIRROR_MODE -> name(MirrorPadMode.names, t.int8(f.slot(), (byte) 0), "MODE");
                case WEIGHTS_FORMAT -> name(FullyConnectedOptionsWeightsFormat.names, t.int8(f.slot(), (byte) 0),
                        "FORMAT");
                case INT_VECTOR -> toList(t.ints(f.slot()));
            });
        }
        return out;
    }

    /** An enum value's schema name, or {@code <WHAT>_<code>} for a value this schema does not know. */
    private static String name(String[] names, byte code, String what) {
        if (code < 0 || code >= names.length || names[code].isEmpty()) {
            return what + "_" + code;
        }
        return names[code];
    }

    private static List<Integer> toList(int[] a) {
        List<Integer> l = new ArrayList<>(a.length);
        for (int v : a) {
            l.add(v);
        }
        return l;
    }
}
