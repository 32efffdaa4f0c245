/** Mapping of user POJO classes onto Flink structured types, shared by the source and the sink. */
package io.lightstream.flink.pojo;
