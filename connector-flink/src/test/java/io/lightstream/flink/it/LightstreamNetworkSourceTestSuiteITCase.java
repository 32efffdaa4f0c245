package io.lightstream.flink.it;

import io.lightstream.flink.ConnectionSettings;
import io.lightstream.flink.source.LightstreamSource;
import io.lightstream.flink.source.deserializer.LightstreamDeserializer;
import io.lightstream.flink.testutils.RowQueuePeer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.connector.testframe.environment.MiniClusterTestEnvironment;
import org.apache.flink.connector.testframe.external.ExternalContextFactory;
import org.apache.flink.connector.testframe.external.ExternalSystemSplitDataWriter;
import org.apache.flink.connector.testframe.external.source.DataStreamSourceExternalContext;
import org.apache.flink.connector.testframe.external.source.TestingSourceSettings;
import org.apache.flink.connector.testframe.junit.annotations.TestContext;
import org.apache.flink.connector.testframe.junit.annotations.TestEnv;
import org.apache.flink.connector.testframe.junit.annotations.TestSemantics;
import org.apache.flink.connector.testframe.testsuites.SourceTestSuiteBase;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.logical.RowType;

/**
 * Flink's standard source test suite against the unbounded Lightstream source reading {@code
 * tcp://} endpoints: each split is an in-process {@link RowQueuePeer} on loopback whose stream stays
 * open while jobs come and go, and which sends every row written to it once, to the reader connected
 * last. This runs the suite's unbounded cases (savepoint, scale up and down, metrics, TaskManager
 * failover), which file endpoints cannot; its bounded cases run over files in {@link
 * LightstreamSourceTestSuiteITCase} and over network endpoints in {@link LightstreamNetworkITCase}.
 *
 * <p>The suite writes rows only while no rows are in flight (before a job, or once every earlier
 * row has been checkpointed), so a producer that cannot resume from the checkpointed position, as
 * network producers cannot yet, still delivers every row exactly once here.
 */
class LightstreamNetworkSourceTestSuiteITCase extends SourceTestSuiteBase<RowData> {
    private static final RowType ROW_TYPE = SuiteRows.ROW_TYPE;

    private static final int SPLITS = SuiteRows.SPLITS;

    @TestEnv
    MiniClusterTestEnvironment flink = new MiniClusterTestEnvironment();

    @TestSemantics
    CheckpointingMode[] semantics = new CheckpointingMode[] {CheckpointingMode.EXACTLY_ONCE};

    @TestContext
    ExternalContextFactory<PeerContext> peers = PeerContext::new;

    /** One test's peers, one per split. */
    static final class PeerContext implements DataStreamSourceExternalContext<RowData> {
        private final List<RowQueuePeer> peers = new ArrayList<>();
        private int writers;

        PeerContext(String testName) {}

        private RowQueuePeer peer(int index) {
            try {
                while (peers.size() <= index) {
                    peers.add(RowQueuePeer.start(ROW_TYPE));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return peers.get(index);
        }

        @Override
        public Source<RowData, ?, ?> createSource(TestingSourceSettings settings) {
            if (settings.getBoundedness() == Boundedness.BOUNDED) {
                throw new UnsupportedOperationException("these peers keep their streams open; bounded network"
                        + " reads are tested by LightstreamNetworkITCase");
            }
            List<String> uris = new ArrayList<>();
            for (int i = 0; i < SPLITS; i++) {
                uris.add(peer(i).uri());
            }
            return LightstreamSource.<RowData>builder()
                    .setUris(uris)
                    .setDeserializer(LightstreamDeserializer.rowData(ROW_TYPE))
                    .setConnectionSettings(ConnectionSettings.builder()
                            .connectRetries(20)
                            .retryBackoff(Duration.ofMillis(100))
                            .build())
                    .setBounded(false)
                    .build();
        }

        @Override
        public ExternalSystemSplitDataWriter<RowData> createSourceSplitDataWriter(TestingSourceSettings settings) {
            RowQueuePeer peer = peer(writers++);
            return new ExternalSystemSplitDataWriter<>() {
                @Override
                public void writeRecords(List<RowData> records) {
                    peer.send(records);
                }

                @Override
                public void close() {}
            };
        }

        @Override
        public List<RowData> generateTestData(TestingSourceSettings settings, int splitIndex, long seed) {
            return SuiteRows.generate(splitIndex, seed);
        }

        @Override
        public TypeInformation<RowData> getProducedType() {
            return InternalTypeInfo.of(ROW_TYPE);
        }

        @Override
        public List<URL> getConnectorJarPaths() {
            return List.of();
        }

        @Override
        public void close() throws Exception {
            for (RowQueuePeer p : peers) {
                p.close();
                if (!p.failures().isEmpty()) {
                    throw new AssertionError("peer " + p.uri() + " failed", p.failures().get(0));
                }
            }
        }
    }
}
