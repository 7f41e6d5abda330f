/** Gogo shell commands of the hub (scope {@code heathub}); nothing exported. */
package io.heathub.shell;
