package io.lightstream.format.parquet;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.HashMap;
import java.util.Map;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.bytes.ByteBufferAllocator;
import org.apache.parquet.bytes.HeapByteBufferAllocator;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.crypto.FileDecryptionProperties;
import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.format.converter.ParquetMetadataConverter;
import org.apache.parquet.hadoop.ParquetMetricsCallback;

/**
 * Builds {@link ParquetReadOptions} without touching Hadoop.
 *
 * <p>Why this exists: in parquet-java 1.18.1 every {@code ParquetReadOptions.Builder} constructor
 * installs a default codec factory ({@code HadoopCodecs.newFactory}) whose class cannot even be
 * linked without Hadoop's compression classes, before a caller gets the chance to supply its own
 * factory. The file reader itself needs nothing from Hadoop once it has options. Rather than put
 * the Hadoop client (tens of megabytes) on every user's classpath to satisfy that one default, we
 * call the options' own all-arguments constructor, which is package-private, by reflection. The
 * constructor's signature is pinned by the parquet-java version in the build; if it changes, {@link
 * #build} fails with a message saying so, and the Hadoop-backed builder is tried as a fallback
 * (which works whenever Hadoop is present).
 */
final class HadoopFreeReadOptions {
    private static final Constructor<ParquetReadOptions> CONSTRUCTOR = find();

    private HadoopFreeReadOptions() {}

    private static Constructor<ParquetReadOptions> find() {
        try {
            Constructor<ParquetReadOptions> c = ParquetReadOptions.class.getDeclaredConstructor(
                    boolean.class, boolean.class, boolean.class, boolean.class, boolean.class, boolean.class,
                    boolean.class, boolean.class, boolean.class, FilterCompat.Filter.class,
                    ParquetMetadataConverter.MetadataFilter.class, CompressionCodecFactory.class,
                    ByteBufferAllocator.class, int.class, Map.class, FileDecryptionProperties.class,
                    ParquetMetricsCallback.class, ParquetConfiguration.class);
            c.setAccessible(true);
            return c;
        } catch (NoSuchMethodException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Options for reading with our codecs: statistics, dictionary and bloom-filter row-group
     * filtering when {@code filter} is given; no record-level or page-index filtering (the reader
     * assembles whole row groups); page checksums verified when present.
     */
    static ParquetReadOptions build(CompressionCodecFactory codecs, FilterCompat.Filter filter) {
        boolean filtering = filter != null;
        FilterCompat.Filter f = filtering ? filter : FilterCompat.NOOP;
        if (CONSTRUCTOR != null) {
            try {
                return CONSTRUCTOR.newInstance(
                        false, // signed string min/max: keep the spec's unsigned order
                        filtering, // statistics filter
                        filtering, // dictionary filter
                        false, // record filter
                        false, // column-index filter
                        true, // page checksum verification
                        filtering, // bloom filter
                        false, // off-heap decrypt buffer
                        false, // Hadoop vectored IO
                        f,
                        ParquetMetadataConverter.NO_FILTER,
                        codecs,
                        new HeapByteBufferAllocator(),
                        8 << 20,
                        new HashMap<String, String>(),
                        null,
                        null,
                        new PlainParquetConfiguration());
            } catch (InstantiationException | IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("cannot build Parquet read options: " + e, e);
            }
        }
        try {
            ParquetReadOptions.Builder b = ParquetReadOptions.builder(new PlainParquetConfiguration())
                    .withCodecFactory(codecs).useColumnIndexFilter(false).useRecordFilter(false)
                    .usePageChecksumVerification(true).useStatsFilter(filtering).useDictionaryFilter(filtering)
                    .useBloomFilter(filtering);
            if (filtering) {
                b.withRecordFilter(filter);
            }
            return b.build();
        } catch (LinkageError e) {
            throw new IllegalStateException("this parquet-java version needs Hadoop on the classpath to read files "
                    + "(its ParquetReadOptions constructor differs from the one this library was built against)", e);
        }
    }
}
