package org.hemacds;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Entry point of the hematology CDS Hooks service. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class HematologyCdsApplication {

  public static void main(String[] args) {
    SpringApplication.run(HematologyCdsApplication.class, args);
  }
}
