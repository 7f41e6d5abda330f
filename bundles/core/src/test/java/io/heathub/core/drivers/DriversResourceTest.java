package io.heathub.core.drivers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.heathub.api.driver.DeviceConfig;
import io.heathub.api.driver.DeviceDriver;
import io.heathub.api.driver.DeviceSession;
import io.heathub.api.driver.DriverInfo;
import io.heathub.api.driver.Link;
import io.heathub.api.rest.RestRequest;
import io.heathub.api.rest.RestResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DriversResourceTest {

    private static DeviceDriver driver(String id, Map<String, String> settings) {
        DriverInfo info = new DriverInfo(id, id.toUpperCase() + " meters", id, settings);
        return new DeviceDriver() {
            @Override
            public DriverInfo info() {
                return info;
            }

            @Override
            public DeviceSession open(DeviceConfig device, Link link) {
                throw new UnsupportedOperationException("only listed here");
            }
        };
    }

    private static RestRequest request(String method) {
        return new RestRequest(method, "/drivers", "", Map.of(), null, null, "rest:test");
    }

    @Test
    void listsEachDriverWithItsBundleAndSettingsByIdUntilItLeaves() {
        DriversResource resource = new DriversResource();
        DeviceDriver mbus = driver("mbus", Map.of("secondary", "match by secondary address", "baud", "line speed"));
        DeviceDriver cjt = driver("cjt188", Map.of());
        resource.add(mbus, "heathub-driver-mbus", "0.1.0.SNAPSHOT");
        resource.add(cjt, "heathub-driver-cjt188", "0.1.0.SNAPSHOT");

        RestResponse answer = resource.handle(request("GET"));
        assertEquals(200, answer.status());
        assertEquals(Map.of("drivers", List.of(
                new DriversResource.Driver("cjt188", "CJT188 meters", "cjt188", "heathub-driver-cjt188", "0.1.0.SNAPSHOT",
                        List.of()),
                new DriversResource.Driver("mbus", "MBUS meters", "mbus", "heathub-driver-mbus", "0.1.0.SNAPSHOT",
                        List.of(new DriversResource.Setting("baud", "line speed"),
                                new DriversResource.Setting("secondary", "match by secondary address"))))),
                ((RestResponse.Value) answer).value());

        resource.removeDriver(mbus);
        assertEquals(List.of("cjt188"), resource.drivers().stream().map(DriversResource.Driver::id).toList());
    }

    @Test
    void refusesAnythingButReading() {
        RestResponse answer = new DriversResource().handle(request("POST"));
        assertEquals(405, answer.status());
    }
}
