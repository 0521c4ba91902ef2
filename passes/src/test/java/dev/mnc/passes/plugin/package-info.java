/** A user pass registered through META-INF/services, as a plugin jar would ship it. */
package dev.mnc.passes.plugin;
