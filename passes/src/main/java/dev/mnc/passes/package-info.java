/**
 * Graph passes (folding, fusion, layout conversion) and the pass manager with its instruments. One pass per class.
 */
package dev.mnc.passes;
