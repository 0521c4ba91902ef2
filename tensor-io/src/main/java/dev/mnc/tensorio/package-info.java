/**
 * Turns files into model inputs and model outputs back into files: {@link dev.mnc.tensorio.Npy}
 * (the NumPy array format), {@link dev.mnc.tensorio.ImageDecoder} and
 * {@link dev.mnc.tensorio.Preprocessor} (resize, crop, normalize, channel order, layout, with the
 * {@code torchvision} and {@code tf} presets), {@link dev.mnc.tensorio.InputFolder} (a folder of
 * images or {@code .npy} files), and {@link dev.mnc.tensorio.AtomicFiles} (all-or-nothing writes).
 * Nothing here knows about models or graphs beyond a tensor's shape.
 */
package dev.mnc.tensorio;
