/**
 * The {@code mnc} command line: one picocli command class per subcommand; {@code Main} is the only place that exits the JVM.
 */
package dev.mnc.cli;
