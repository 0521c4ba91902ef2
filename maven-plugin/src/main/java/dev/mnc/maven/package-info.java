/**
 * The Maven plugin: {@code mnc:convert} converts ONNX models during a build, finding user passes on
 * the project's own class path. A thin layer over {@code dev.mnc.driver}.
 */
package dev.mnc.maven;
