package io.obshell.emulator;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class EmulatorApplication {

    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(EmulatorApplication.class);
        application.addListeners(new JvmScratchDirectory());
        application.run(args);
    }
}
