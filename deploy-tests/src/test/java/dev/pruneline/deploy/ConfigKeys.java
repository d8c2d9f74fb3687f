package dev.pruneline.deploy;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;
import io.smallrye.config.WithParentName;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The config keys a service reads: the keys of its {@code application.properties} (default profile) and every key of
 * the {@code @ConfigMapping} interfaces compiled into it and into the pruneline modules it uses. Each key keeps the
 * type it is read as, where known, so enum-valued settings can be checked too.
 */
final class ConfigKeys {

    private static final String CONFIG_MAPPING = "Lio/smallrye/config/ConfigMapping;";

    /** key -> the type it is read as (String for application.properties keys without a mapping). */
    private final Map<String, Class<?>> keys;

    private ConfigKeys(Map<String, Class<?>> keys) {
        this.keys = keys;
    }

    static ConfigKeys of(ServiceModule service) {
        Map<String, Class<?>> keys = new TreeMap<>();
        service.properties().keySet().forEach(k -> keys.put(k, String.class));
        try (ModuleClasses classes = ModuleClasses.of(service.name())) {
            for (String name : classes.classesMentioning(CONFIG_MAPPING)) {
                Class<?> type = Class.forName(name, false, classes);
                ConfigMapping mapping = type.getAnnotation(ConfigMapping.class);
                if (mapping != null) {
                    addMapping(mapping.prefix(), type, keys);
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the config mappings of " + service.name(), e);
        }
        return new ConfigKeys(keys);
    }

    private static void addMapping(String prefix, Class<?> type, Map<String, Class<?>> keys) {
        for (Method method : type.getMethods()) {
            if (method.isDefault() || Modifier.isStatic(method.getModifiers()) || method.getParameterCount() != 0) {
                continue;
            }
            String name = method.isAnnotationPresent(WithParentName.class)
                    ? ""
                    : method.isAnnotationPresent(WithName.class)
                            ? method.getAnnotation(WithName.class).value()
                            : kebab(method.getName());
            String key = name.isEmpty() ? prefix : prefix + "." + name;
            Class<?> valueType = valueType(method);
            if (valueType.isInterface() && valueType.getName().startsWith("dev.pruneline.")) {
                addMapping(key, valueType, keys); // a group of keys
            } else if (Map.class.isAssignableFrom(method.getReturnType())) {
                keys.put(key + ".*", String.class);
            } else {
                keys.put(key, valueType);
            }
        }
    }

    /** The declared type, or the type inside Optional. */
    private static Class<?> valueType(Method method) {
        Type generic = method.getGenericReturnType();
        if (method.getReturnType() == Optional.class
                && generic instanceof ParameterizedType p
                && p.getActualTypeArguments()[0] instanceof Class<?> inner) {
            return inner;
        }
        return method.getReturnType();
    }

    /** SmallRye's default naming: maxBundleBytes -> max-bundle-bytes. */
    static String kebab(String method) {
        StringBuilder out = new StringBuilder();
        for (char c : method.toCharArray()) {
            if (Character.isUpperCase(c)) {
                out.append('-').append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * SmallRye's environment form of a key: every character other than a letter or digit becomes {@code _}, and
     * the rest is upper case ({@code pruneline.s3.access-key} -> {@code PRUNELINE_S3_ACCESS_KEY},
     * {@code quarkus.datasource."pg".jdbc.url} -> {@code QUARKUS_DATASOURCE__PG__JDBC_URL}).
     */
    static String envName(String key) {
        StringBuilder out = new StringBuilder();
        for (char c : key.toCharArray()) {
            out.append(Character.isLetterOrDigit(c) ? Character.toUpperCase(c) : '_');
        }
        return out.toString();
    }

    /** The key an environment variable sets, if this service reads one by that name. */
    Optional<String> keyForEnv(String env) {
        return keys.keySet().stream()
                .filter(k -> !k.endsWith(".*") && envName(k).equals(env))
                .findFirst();
    }

    /** The values an enum-typed key accepts (SmallRye reads them case-insensitively, kebab or not), else empty. */
    Optional<java.util.Set<String>> allowedValues(String key) {
        Class<?> type = keys.get(key);
        if (type == null || !type.isEnum()) {
            return Optional.empty();
        }
        return Optional.of(Arrays.stream(type.getEnumConstants())
                .map(c -> ((Enum<?>) c).name().toLowerCase(Locale.ROOT).replace('_', '-'))
                .collect(Collectors.toCollection(java.util.TreeSet::new)));
    }

    java.util.Set<String> keys() {
        return keys.keySet();
    }

    @Override
    public String toString() {
        return String.join(", ", keys.keySet());
    }
}
