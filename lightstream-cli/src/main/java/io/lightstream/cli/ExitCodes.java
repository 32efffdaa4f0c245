package io.lightstream.cli;

import io.lightstream.FormatException;
import io.lightstream.LimitExceededException;
import io.lightstream.ProtocolException;
import io.lightstream.TransportException;

/**
 * Exit statuses scripts can rely on.
 *
 * <table>
 * <caption>Exit statuses</caption>
 * <tr><td>0</td><td>success</td></tr>
 * <tr><td>1</td><td>I/O or transport failure (missing file, refused connection)</td></tr>
 * <tr><td>2</td><td>usage error (unknown option, bad value)</td></tr>
 * <tr><td>3</td><td>malformed input data</td></tr>
 * <tr><td>4</td><td>input over a configured limit</td></tr>
 * <tr><td>5</td><td>Lightstream protocol error or misuse</td></tr>
 * </table>
 */
final class ExitCodes {
    static final int OK = 0;
    static final int IO = 1;
    static final int USAGE = 2;
    static final int MALFORMED = 3;
    static final int LIMIT = 4;
    static final int PROTOCOL = 5;

    private ExitCodes() {}

    static int of(Throwable t) {
        if (t instanceof LimitExceededException) {
            return LIMIT;
        }
        if (t instanceof FormatException) {
            return MALFORMED;
        }
        if (t instanceof ProtocolException) {
            return PROTOCOL;
        }
        if (t instanceof TransportException) {
            return IO;
        }
        if (t instanceof IllegalArgumentException || t instanceof picocli.CommandLine.ParameterException) {
            return USAGE;
        }
        return IO;
    }
}
