/**
 * {@code bin/heathub simulate}: the control engine in a closed loop with the simulator's building
 * model, faster than real time. Not exported.
 */
package io.heathub.tools.simulate;
