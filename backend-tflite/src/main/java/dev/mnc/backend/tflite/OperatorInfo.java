package dev.mnc.backend.tflite;

import java.util.List;
import java.util.Map;

/**
 * One operator of a TFLite file as {@link TfliteReader} sees it.
 *
 * @param index its position in the execution order
 * @param op the builtin operator's name, e.g. {@code CONV_2D}, or {@code CUSTOM:<code>}
 * @param version the version its operator code declares
 * @param options the options that matter, by their schema names (e.g. {@code stride_w},
 *     {@code fused_activation_function}); values are Integer, Float, Boolean, String (enum names)
 *     or List of Integer
 * @param inputs its input tensors; an entry is null where an optional input is omitted
 * @param outputs its output tensors
 * @param parameters elements of its weight inputs (see {@link OpCosts})
 * @param macs its multiply-accumulates (see {@link OpCosts})
 */
public record OperatorInfo(int index, String op, int version, Map<String, Object> options, List<TensorInfo> inputs,
        List<TensorInfo> outputs, long parameters, long macs) {}
