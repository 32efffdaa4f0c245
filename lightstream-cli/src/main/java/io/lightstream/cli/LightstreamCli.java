package io.lightstream.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code lightstream} command: convert, print, generate and demonstrate Arrow tables over
 * files, pipes and Lightstream endpoints. Exit statuses are listed in {@link ExitCodes}.
 */
@Command(name = "lightstream", mixinStandardHelpOptions = true, versionProvider = LightstreamCli.Version.class,
        description = "Arrow tables over files, pipes and Lightstream endpoints.",
        subcommands = {CatCommand.class, ConvertCommand.class, GenCommand.class, ServeCommand.class, DemoCommand.class},
        footer = {"", "Exit status: 0 ok, 1 I/O or transport failure, 2 usage, 3 malformed input, 4 over a limit, 5 protocol error."})
public final class LightstreamCli implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command: cat, convert, gen, serve or demo");
    }

    /** Builds the command line with this tool's error reporting and exit statuses. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new LightstreamCli());
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("lightstream: " + message(e));
            commandLine.getErr().flush();
            return ExitCodes.of(e);
        });
        cl.setExitCodeExceptionMapper(ExitCodes::of);
        return cl;
    }

    private static String message(Throwable e) {
        String m = e.getMessage();
        if (e.getCause() != null && e.getCause().getMessage() != null && (m == null || !m.contains(e.getCause().getMessage()))) {
            m = (m == null ? "" : m + ": ") + e.getCause().getMessage();
        }
        return m == null ? e.toString() : m;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** Version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = LightstreamCli.class.getPackage().getImplementationVersion();
            return new String[] {"lightstream " + (v == null ? "(development build)" : v)};
        }
    }
}
