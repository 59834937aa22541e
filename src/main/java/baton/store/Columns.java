package baton.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * How values are written to columns and read back: times as {@code TIMESTAMP(6) WITH TIME ZONE}
 * in UTC (microseconds, what both databases keep), small maps as JSON text, long messages cut.
 */
final class Columns {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The width of the message columns (error, reason): longer texts keep their start. */
    private static final int MESSAGE_WIDTH = 4000;

    private Columns() {}

    static OffsetDateTime ts(Instant i) {
        return i == null ? null : i.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    }

    static Instant instant(ResultSet rs, String col) throws SQLException {
        OffsetDateTime t = rs.getObject(col, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    static Integer integer(ResultSet rs, String col) throws SQLException {
        int v = rs.getInt(col);
        return rs.wasNull() ? null : v;
    }

    static String truncate(String s) {
        return s == null || s.length() <= MESSAGE_WIDTH ? s : s.substring(0, MESSAGE_WIDTH - 10) + " …";
    }

    static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new StoreException("cannot encode " + o, e);
        }
    }

    /** The JSON of a column, or {@code whenNull} for a row written before the column existed. */
    static <T> T fromJson(ResultSet rs, String col, TypeReference<? extends T> type, T whenNull) throws SQLException {
        String s = rs.getString(col);
        if (s == null) return whenNull;
        try {
            return JSON.readValue(s, type);
        } catch (JsonProcessingException e) {
            throw new StoreException("stored value is not valid JSON: " + s, e);
        }
    }
}
