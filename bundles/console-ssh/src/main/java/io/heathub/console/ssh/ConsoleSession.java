package io.heathub.console.ssh;

import io.heathub.auth.AccessAudit;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;

/**
 * One SSH channel's Gogo session, named after the signed-in user (session variable
 * {@value #USER_VARIABLE}: the shell's {@code write} and {@code ack} audit {@code shell:<user>}).
 * Interactive ({@code ssh -p 8101 admin@127.0.0.1}): a plain line shell with the prompt
 * {@value #PROMPT}, each line executed and its result printed, {@code exit} or Ctrl-D ends it.
 * Exec ({@code ssh … 'heathub:devices'}): the one command, exit status 0 or 1 on an error.
 */
final class ConsoleSession implements Command, Runnable {
    static final String USER_VARIABLE = "heathub.user";
    static final String PROMPT = "heathub> ";
    /** A longer line is dropped with a message: no command of the hub needs more. */
    static final int MAX_LINE_BYTES = 4096;
    private static final int CTRL_C = 3;
    private static final int CTRL_D = 4;
    private static final int ESC = 27;

    /** How much of a command line the access audit keeps. */
    static final int AUDITED_CHARS = 512;

    private final CommandProcessor processor;
    private final String commandLine;
    private final AccessAudit audit;
    private final Clock clock;
    private String address;
    private InputStream in;
    private OutputStream out;
    private OutputStream err;
    private ExitCallback exit;
    private String user;
    private boolean terminal;
    private Thread thread;

    /**
     * @param commandLine the exec request's command, or null for an interactive shell
     * @param audit       where every command line run is recorded ({@code ssh:<user>}, event {@code console})
     */
    ConsoleSession(CommandProcessor processor, String commandLine, AccessAudit audit, Clock clock) {
        this.processor = processor;
        this.commandLine = commandLine;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public void setInputStream(InputStream in) {
        this.in = in;
    }

    @Override
    public void setOutputStream(OutputStream out) {
        this.out = out;
    }

    @Override
    public void setErrorStream(OutputStream err) {
        this.err = err;
    }

    @Override
    public void setExitCallback(ExitCallback exit) {
        this.exit = exit;
    }

    @Override
    public void start(ChannelSession channel, Environment env) {
        user = channel.getSession().getUsername();
        address = ConsoleLogin.address(channel.getSession().getClientAddress());
        // with a terminal (pty) the client sends keys raw: this side echoes and ends lines with CR LF
        terminal = env.getEnv().containsKey(Environment.ENV_TERM);
        thread = new Thread(this, "heathub-ssh-console-" + user);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void destroy(ChannelSession channel) {
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }

    @Override
    public void run() {
        PrintStream o = printer(out);
        PrintStream e = printer(err);
        int status = 0;
        try (CommandSession session = processor.createSession(InputStream.nullInputStream(), o, e)) {
            session.put(USER_VARIABLE, user);
            if (commandLine != null) {
                status = execute(session, commandLine, o, e) ? 0 : 1;
            } else {
                interact(session, o, e);
            }
        } catch (IOException | RuntimeException ex) {
            status = 1;
            e.println("console: " + ex);
        } finally {
            o.flush();
            e.flush();
            exit.onExit(status);
        }
    }

    private void interact(CommandSession session, PrintStream o, PrintStream e) throws IOException {
        o.println("heathub console, signed in as " + user + ". 'help' lists the commands (heathub:devices …),"
                + " 'exit' or Ctrl-D ends.");
        while (!Thread.currentThread().isInterrupted()) {
            o.print(PROMPT);
            o.flush();
            String line = readLine(o);
            if (line == null || line.trim().equals("exit")) {
                return;
            }
            if (!line.isBlank()) {
                execute(session, line, o, e);
            }
        }
    }

    /**
     * Runs one line and records it in the access audit (the console can change anything in the hub:
     * what was typed is kept); false when it failed (the reason printed on the error stream).
     */
    private boolean execute(CommandSession session, String line, PrintStream o, PrintStream e) {
        String audited = line.length() > AUDITED_CHARS ? line.substring(0, AUDITED_CHARS) + "…" : line;
        try {
            Object result = session.execute(line);
            audit.record(new AccessAudit.Event(clock.instant(), "ssh:" + user, "console", address, "OK", null, audited));
            if (result != null) {
                o.println(session.format(result, Converter.INSPECT));
            }
            return true;
        } catch (Exception ex) {
            String why = ex.getMessage() == null ? ex.toString() : ex.getMessage();
            audit.record(new AccessAudit.Event(clock.instant(), "ssh:" + user, "console", address, "FAILED", null,
                    audited + " -> " + (why.length() > AUDITED_CHARS ? why.substring(0, AUDITED_CHARS) + "…" : why)));
            e.println("error: " + why);
            return false;
        } finally {
            o.flush();
            e.flush();
        }
    }

    /**
     * One line of UTF-8 input; null at the end of input or Ctrl-D on an empty line. With a terminal:
     * echo, backspace, Ctrl-C drops the line. A line over {@value #MAX_LINE_BYTES} bytes is dropped.
     */
    String readLine(PrintStream o) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        boolean tooLong = false;
        while (true) {
            int b = in.read();
            if (b == -1 || (b == CTRL_D && line.size() == 0 && !tooLong)) {
                if (terminal) {
                    o.println();
                }
                return b == -1 && line.size() > 0 ? line.toString(StandardCharsets.UTF_8) : null;
            }
            if (b == '\r' || b == '\n') {
                if (b == '\r' && !terminal) {
                    continue; // CR LF from a client without a terminal
                }
                if (terminal) {
                    o.println();
                }
                if (tooLong) {
                    o.println("line longer than " + MAX_LINE_BYTES + " bytes: ignored");
                    return "";
                }
                return line.toString(StandardCharsets.UTF_8);
            }
            if (b == CTRL_C) {
                o.println("^C");
                return "";
            }
            if (b == 127 || b == '\b') {
                byte[] bytes = line.toByteArray();
                int end = bytes.length;
                while (end > 0 && (bytes[end - 1] & 0xC0) == 0x80) {
                    end--; // continuation bytes of the last UTF-8 character
                }
                if (end > 0) {
                    line.reset();
                    line.write(bytes, 0, end - 1);
                    if (terminal) {
                        o.print("\b \b");
                        o.flush();
                    }
                }
                continue;
            }
            if (b == ESC) {
                skipEscapeSequence(); // arrow and function keys: no line editing beyond backspace
                continue;
            }
            if (b < 32 && b != '\t') {
                continue;
            }
            if (line.size() >= MAX_LINE_BYTES) {
                tooLong = true;
                continue;
            }
            line.write(b);
            if (terminal) {
                o.write(b);
                o.flush();
            }
        }
    }

    /** ESC [ … final byte, or ESC O x. */
    private void skipEscapeSequence() throws IOException {
        int n = in.read();
        if (n == '[' || n == 'O') {
            do {
                n = in.read();
            } while (n != -1 && (n < 0x40 || n > 0x7E));
        }
    }

    private PrintStream printer(OutputStream stream) {
        return new PrintStream(terminal ? new CrLf(stream) : stream, false, StandardCharsets.UTF_8);
    }

    /** A terminal in raw mode moves to the next line only on CR LF. */
    private static final class CrLf extends FilterOutputStream {
        CrLf(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            if (b == '\n') {
                out.write('\r');
            }
            out.write(b);
        }
    }
}
