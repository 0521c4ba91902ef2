package dev.mnc.backend.onnx;

import com.google.protobuf.ByteString;
import dev.mnc.ir.DType;
import dev.mnc.ir.Dim;
import dev.mnc.ir.TensorData;
import dev.mnc.ir.TensorType;
import dev.mnc.onnx.proto.Onnx.TensorProto;
import dev.mnc.onnx.proto.Onnx.TensorProto.DataType;
import dev.mnc.onnx.proto.Onnx.TensorShapeProto;
import dev.mnc.onnx.proto.Onnx.TypeProto;
import dev.mnc.onnx.proto.Onnx.ValueInfoProto;

/**
 * IR element types, constants and value types as their ONNX protobuf forms. Each IR type has one
 * ONNX type of the same width and meaning ({@code u8} is UINT8, {@code bool} BOOL); constants are
 * written as little-endian {@code raw_data}, which is what ONNX Runtime reads fastest.
 */
final class OnnxTensors {
    private OnnxTensors() {}

    /** The ONNX element type of an IR type. */
    static DataType dataType(DType t) {
        return switch (t) {
            case F32 -> DataType.FLOAT;
            case I8 -> DataType.INT8;
            case U8 -> DataType.UINT8;
            case I16 -> DataType.INT16;
            case I32 -> DataType.INT32;
            case I64 -> DataType.INT64;
            case BOOL -> DataType.BOOL;
        };
    }

    /** An initializer named {@code name} holding {@code data}. */
    static TensorProto tensor(String name, TensorData data) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(dataType(data.dtype()).getNumber());
        for (long d : data.shape().toLongArray()) {
            t.addDims(d);
        }
        return t.setRawData(ByteString.copyFrom(data.toLittleEndian())).build();
    }

    /** A graph input or output declaration with its element type and shape (named dims kept as {@code dim_param}). */
    static ValueInfoProto valueInfo(String name, TensorType type) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (Dim d : type.shape().dims()) {
            TensorShapeProto.Dimension.Builder dim = TensorShapeProto.Dimension.newBuilder();
            if (d.isStatic()) {
                dim.setDimValue(d.size());
            } else {
                dim.setDimParam(d.symbol());
            }
            shape.addDim(dim);
        }
        TypeProto.Tensor.Builder tensor = TypeProto.Tensor.newBuilder()
                .setElemType(dataType(type.dtype()).getNumber()).setShape(shape);
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(tensor)).build();
    }
}
