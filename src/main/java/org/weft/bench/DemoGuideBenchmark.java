package org.weft.bench;

import java.nio.file.Path;
import org.weft.lab.LabDatabase;
import org.weft.lab.LabSpec;
import picocli.CommandLine.Command;

/**
 * {@code weft bench demo-guide}: {@code weft demo --guide}'s scenario (the server on the
 * controller's MariaDB, Keystone on the controller, the tenant's steps as the tenant user), timed
 * as {@code weft bench demo} times the default one.
 */
@Command(
        name = "demo-guide",
        mixinStandardHelpOptions = true,
        description = {
            "Runs weft demo --guide's scenario (MariaDB and Keystone on the controller) and records"
                    + " how long each step took, and how long each VM took from its port's"
                    + " creation to its lease and a ping answered.",
            "The lab is named wgd<digits>, its files under /tmp/wgd<digits>, removed after."
        })
public final class DemoGuideBenchmark extends DemoBenchmark {

    @Override
    protected String labPrefix() {
        return "wgd";
    }

    @Override
    protected LabSpec spec(String name) {
        return new LabSpec(name, 2, LabDatabase.MARIADB, Path.of("/tmp", name)).withKeystone();
    }

    @Override
    protected String title() {
        return "Demo as the guide writes it: MariaDB and Keystone";
    }

    @Override
    protected String introduction() {
        return "The scenario of `weft demo --guide` on a lab of its own (two compute nodes): the"
                + " server on the controller's MariaDB with the guide's sql_connection and"
                + " validating tokens with the controller's Keystone; the tenant's steps run as"
                + " the tenant user demo. Lab up includes Keystone's bootstrap and its"
                + " provisioning with the openstack client (eight calls); a step's time includes"
                + " the Python clients' own start and their sign-in to Keystone.";
    }
}
