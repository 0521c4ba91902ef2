/**
 * Structured channel pruning: dependency groups of coupled channels, importance scores, budgets, and training-free recovery by least squares.
 */
package dev.mnc.prune;
