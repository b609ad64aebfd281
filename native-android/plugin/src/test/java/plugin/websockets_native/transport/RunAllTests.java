package plugin.websockets_native.transport;

import org.junit.internal.TextListener;
import org.junit.runner.JUnitCore;
import org.junit.runner.Result;

/**
 * Runs the given test classes with JUnit 4, prints JUnit's report and a closing line
 * "android: N passed, N failed, N skipped", and exits non-zero when anything failed or nothing ran.
 */
public final class RunAllTests {
    private RunAllTests() {
    }

    public static void main(String[] classNames) throws ClassNotFoundException {
        Class<?>[] classes = new Class<?>[classNames.length];
        for (int i = 0; i < classNames.length; i++) {
            classes[i] = Class.forName(classNames[i]);
        }
        JUnitCore core = new JUnitCore();
        core.addListener(new TextListener(System.out));
        Result result = core.run(classes);
        int skipped = result.getIgnoreCount() + result.getAssumptionFailureCount();
        int failed = result.getFailureCount();
        int passed = result.getRunCount() - failed - result.getAssumptionFailureCount();
        System.out.println("android: " + passed + " passed, " + failed + " failed, "
                + skipped + " skipped");
        System.exit(failed == 0 && passed > 0 ? 0 : 1);
    }
}
