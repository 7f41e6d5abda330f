/** Command-line tools run by {@code bin/heathub} outside the OSGi framework. Not exported. */
package io.heathub.tools;
