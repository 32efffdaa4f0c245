/** Tests of the shaded SQL jar as a Flink user deploys it. */
package io.lightstream.flink.packaging;
