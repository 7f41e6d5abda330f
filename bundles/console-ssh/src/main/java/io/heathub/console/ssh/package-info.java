/** The SSH console: an Apache SSHD server giving the hub's admin users a Gogo session; nothing exported. */
package io.heathub.console.ssh;
