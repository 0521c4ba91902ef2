/**
 * Turns files into model inputs and outputs back into files: image decoding and preprocessing (resize, crop, normalize, layout), and the .npy format.
 */
package dev.mnc.tensorio;
