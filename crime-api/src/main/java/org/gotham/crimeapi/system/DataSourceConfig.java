package org.gotham.crimeapi.system;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Registers {@link SqliteDataSourceTuning}; static, as a post-processor must be. */
@Configuration(proxyBeanMethods = false)
class DataSourceConfig {

    @Bean
    static SqliteDataSourceTuning sqliteDataSourceTuning(ObjectProvider<GothamProperties> gotham) {
        return new SqliteDataSourceTuning(gotham);
    }
}
