/**
 * The FLIP-27 Lightstream source: {@link io.lightstream.flink.source.LightstreamSource}, built with
 * {@link io.lightstream.flink.source.LightstreamSourceBuilder}.
 */
package io.lightstream.flink.source;
