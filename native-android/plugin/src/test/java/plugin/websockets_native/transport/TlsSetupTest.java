package plugin.websockets_native.transport;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

/** The pure decisions of {@link TlsSetup}: which versions to enable, when to send SNI. */
public class TlsSetupTest {
    private static final String[] ALL = { "TLSv1.3", "TLSv1.2", "TLSv1.1", "TLSv1" };

    @Test
    public void theMinimumEnablesItselfAndEveryNewerSupportedVersion() {
        assertArrayEquals(new String[] { "TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3" },
                TlsSetup.enabledProtocols(ALL, "1.0"));
        assertArrayEquals(new String[] { "TLSv1.2", "TLSv1.3" },
                TlsSetup.enabledProtocols(ALL, "1.2"));
        assertArrayEquals(new String[] { "TLSv1.3" }, TlsSetup.enabledProtocols(ALL, "1.3"));
    }

    @Test
    public void versionsTheDeviceLacksAreLeftOut() {
        String[] olderDevice = { "TLSv1", "TLSv1.1", "TLSv1.2", "SSLv3" };
        assertArrayEquals(new String[] { "TLSv1.1", "TLSv1.2" },
                TlsSetup.enabledProtocols(olderDevice, "1.1"));
        assertEquals(0, TlsSetup.enabledProtocols(olderDevice, "1.3").length);
    }

    @Test(expected = IllegalArgumentException.class)
    public void anUnknownMinimumIsAnError() {
        TlsSetup.enabledProtocols(ALL, "1.4");
    }

    @Test
    public void ipLiteralsAreRecognisedAndGetNoSni() {
        assertTrue(TlsSetup.isIpLiteral("127.0.0.1"));
        assertTrue(TlsSetup.isIpLiteral("::1"));
        assertTrue(TlsSetup.isIpLiteral("2001:db8::8a2e:370:7334"));
        assertFalse(TlsSetup.isIpLiteral("localhost"));
        assertFalse(TlsSetup.isIpLiteral("1.2.3.example"));
        assertTrue(TlsSetup.serverNameIndication("10.0.0.1").isEmpty());
        assertEquals(1, TlsSetup.serverNameIndication("echo.example").size());
    }
}
