package io.obshell.emulator.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.obshell.emulator.EmulatorHttpTest;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jetty.JettyWebServer;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;

/**
 * Every HTTP connector reads up to 64 KB at a time, not Jetty's default 8 KB: a package
 * upload then reaches the decryption in an eighth of the reads (bench/upload-100mb.sh).
 */
@EmulatorHttpTest
class ConnectionInputBufferTest {

    @Autowired
    ServletWebServerApplicationContext context;

    @Test
    void everyHttpConnectorReads64KbAtATime() {
        Connector[] connectors = ((JettyWebServer) context.getWebServer()).getServer().getConnectors();

        assertThat(connectors).isNotEmpty();
        for (Connector connector : connectors) {
            HttpConnectionFactory http = connector.getConnectionFactory(HttpConnectionFactory.class);
            assertThat(http.getInputBufferSize()).isEqualTo(64 * 1024);
            assertThat(http.getHttpConfiguration().getInputBufferSize()).isEqualTo(64 * 1024);
        }
    }
}
