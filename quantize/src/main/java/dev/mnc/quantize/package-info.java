/**
 * Int8 post-training quantization following the TFLite int8 spec: mergeable calibration observers, range selection, the rewrite of a float graph into an int8 graph, and the float-vs-int8 error report.
 */
package dev.mnc.quantize;
