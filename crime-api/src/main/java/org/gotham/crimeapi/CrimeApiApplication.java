package org.gotham.crimeapi;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The crime data of the legacy Gotham app, served to Keycloak tokens. */
@SpringBootApplication
public class CrimeApiApplication {

    public static void main(String[] args) {
        SpringApplication.run(CrimeApiApplication.class, args);
    }
}
