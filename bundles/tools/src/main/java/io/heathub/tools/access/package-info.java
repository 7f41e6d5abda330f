/**
 * {@code bin/heathub user|token}: users and API tokens of a hub in its {@code etc/} folder (also
 * while it runs: it re-reads the files), and the PEM certificate conversion the launcher runs
 * before starting HTTPS.
 */
package io.heathub.tools.access;
