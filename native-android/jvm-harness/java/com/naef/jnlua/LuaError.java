package com.naef.jnlua;

/**
 * What a Java exception thrown by a JavaFunction turns into on the Lua side. The native bridge
 * builds one from the exception and raises {@link #toString()} as the Lua error message, after the
 * position of the Lua caller: the message, then the exception's class name and message, then its
 * Java stack trace under a header. That is the text a game sees on a device, which is why the
 * transport must not let an exception carry an error meant for Lua code.
 */
public class LuaError {
    public static final String JAVA_STACK_TRACE_HEADER_MESSAGE = "\nJava Stack Trace:";

    private final String message;
    private final Throwable cause;

    public LuaError(String message, Throwable cause) {
        this.message = message;
        this.cause = cause;
    }

    public String getMessage() {
        return message;
    }

    public Throwable getCause() {
        return cause;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        if (message != null) {
            text.append(message);
        }
        if (cause != null) {
            if (text.length() > 0) {
                text.append('\n');
            }
            text.append(cause);
            StackTraceElement[] frames = cause.getStackTrace();
            if (frames.length > 0) {
                text.append(JAVA_STACK_TRACE_HEADER_MESSAGE);
                for (StackTraceElement frame : frames) {
                    text.append("\n\t").append(frame);
                }
            }
        }
        return text.toString();
    }
}
