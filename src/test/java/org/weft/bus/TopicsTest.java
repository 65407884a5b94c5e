package org.weft.bus;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.weft.bus.internal.MessageCodec;

/** The declarations of {@link Topics}: unique names, and records that survive the JSON trip. */
class TopicsTest {

    @Test
    void everyMethodNameIsUniqueOnItsTopic() {
        Set<String> names = new HashSet<>();
        for (Object method : declaredMethods()) {
            assertThat(names.add(method.toString())).as("%s declared twice", method).isTrue();
        }
        assertThat(names).hasSizeGreaterThan(30);
    }

    @Test
    void everyMessageOfEveryMethodSurvivesTheTrip() throws Exception {
        for (Class<?> type : messageTypes()) {
            Object sample = sample(type);
            Object back =
                    MessageCodec.mapper()
                            .readValue(MessageCodec.mapper().writeValueAsBytes(sample), type);
            assertThat(back).as(type.getName()).isEqualTo(sample);
        }
    }

    @Test
    void fieldNamesGoOnTheWireInSnakeCase() throws Exception {
        String json =
                MessageCodec.mapper()
                        .writeValueAsString(
                                new org.weft.bus.message.L2Messages.TunnelSyncRequest(
                                        "10.20.20.53", "gre", "compute1"));

        assertThat(json)
                .isEqualTo(
                        "{\"tunnel_ip\":\"10.20.20.53\",\"tunnel_type\":\"gre\",\"host\":\"compute1\"}");
    }

    private static List<Object> declaredMethods() {
        List<Object> methods = new ArrayList<>();
        for (Field field : Topics.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers())
                    && (field.getType() == RpcMethod.class
                            || field.getType() == CastMethod.class)) {
                try {
                    methods.add(field.get(null));
                } catch (IllegalAccessException e) {
                    throw new AssertionError(e);
                }
            }
        }
        return methods;
    }

    private static Set<Class<?>> messageTypes() {
        Set<Class<?>> types = new HashSet<>();
        for (Object method : declaredMethods()) {
            if (method instanceof RpcMethod<?, ?> rpc) {
                types.add(rpc.requestType());
                types.add(rpc.replyType());
            } else if (method instanceof CastMethod<?> cast) {
                types.add(cast.messageType());
            }
        }
        return types;
    }

    /** A record with every component filled: text, numbers, one-element lists and maps. */
    private static Object sample(Class<?> type) throws Exception {
        if (!type.isRecord()) {
            return sampleValue(type, null);
        }
        RecordComponent[] components = type.getRecordComponents();
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            values[i] = sampleValue(types[i], components[i].getGenericType());
        }
        return type.getDeclaredConstructor(types).newInstance(values);
    }

    private static Object sampleValue(Class<?> type, java.lang.reflect.Type generic)
            throws Exception {
        if (type == String.class) {
            return "text";
        }
        if (type == int.class || type == Integer.class) {
            return 7;
        }
        if (type == long.class || type == Long.class) {
            return 9L;
        }
        if (type == boolean.class || type == Boolean.class) {
            return true;
        }
        if (type.isEnum()) {
            return type.getEnumConstants()[0];
        }
        if (type == List.class) {
            return List.of(sampleValue(argument(generic, 0), argumentType(generic, 0)));
        }
        if (type == Map.class) {
            Class<?> valueType = argument(generic, 1);
            Object value =
                    valueType == Object.class
                            ? "value"
                            : sampleValue(valueType, argumentType(generic, 1));
            return Map.of("key", value);
        }
        if (type.isRecord()) {
            return sample(type);
        }
        throw new AssertionError("no sample for " + type);
    }

    private static java.lang.reflect.Type argumentType(java.lang.reflect.Type generic, int i) {
        return ((java.lang.reflect.ParameterizedType) generic).getActualTypeArguments()[i];
    }

    private static Class<?> argument(java.lang.reflect.Type generic, int i) {
        java.lang.reflect.Type argument = argumentType(generic, i);
        if (argument instanceof java.lang.reflect.ParameterizedType parameterized) {
            return (Class<?>) parameterized.getRawType();
        }
        return (Class<?>) argument;
    }
}
