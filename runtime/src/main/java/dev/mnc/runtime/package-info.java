/**
 * The embeddable runtime: loads a compiled {@code .mnc} model and runs it. Depends on nothing but the JDK; must never depend on the compiler.
 */
package dev.mnc.runtime;
