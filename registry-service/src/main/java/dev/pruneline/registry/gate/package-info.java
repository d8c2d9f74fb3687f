/**
 * The promotion gate: the rule that decides whether a compressed candidate kept enough accuracy to be promoted.
 * Pure logic, no framework.
 */
package dev.pruneline.registry.gate;
