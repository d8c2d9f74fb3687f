package dev.pruneline.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The compiled classes of pruneline modules ({@code <module>/target/classes}) with those of the pruneline modules they
 * depend on (read from the modules' poms), in a class loader that loads {@code dev.pruneline.*} from there first and
 * everything else (SmallRye Config, Micrometer, ...) from this test's class path. So the services' own config
 * mappings and meters are what is checked, never a stale copy.
 */
final class ModuleClasses extends URLClassLoader {

    private static final String GROUP = "dev.pruneline";

    private final List<Path> classDirs;

    private ModuleClasses(List<Path> classDirs) {
        super(urls(classDirs), ModuleClasses.class.getClassLoader());
        this.classDirs = classDirs;
    }

    /** The classes of these modules and of the pruneline modules they use at run time. */
    static ModuleClasses of(String... modules) {
        Set<String> closure = new LinkedHashSet<>();
        for (String module : modules) {
            addWithDependencies(module, closure);
        }
        List<Path> dirs = new ArrayList<>();
        for (String module : closure) {
            Path dir = Repository.path(module).resolve("target/classes");
            if (!Files.isDirectory(dir)) {
                throw new IllegalStateException(
                        dir + " is missing: build the modules first (mvn -B verify from the root)");
            }
            dirs.add(dir);
        }
        return new ModuleClasses(dirs);
    }

    /** The pruneline modules a module uses at run time, itself first (compile/runtime scope, from its pom). */
    static Set<String> withDependencies(String module) {
        Set<String> closure = new LinkedHashSet<>();
        addWithDependencies(module, closure);
        return closure;
    }

    private static void addWithDependencies(String module, Set<String> closure) {
        if (!closure.add(module)) {
            return;
        }
        try {
            var factory = DocumentBuilderFactory.newInstance();
            var pom = factory.newDocumentBuilder()
                    .parse(Repository.path(module).resolve("pom.xml").toFile());
            NodeList dependencies = pom.getElementsByTagName("dependency");
            for (int i = 0; i < dependencies.getLength(); i++) {
                Element dependency = (Element) dependencies.item(i);
                if (dependency.getParentNode().getParentNode() != pom.getDocumentElement()) {
                    continue; // only the module's own <dependencies>, not dependencyManagement or plugins
                }
                String scope = text(dependency, "scope");
                String type = text(dependency, "type");
                if (GROUP.equals(text(dependency, "groupId")) && !"test".equals(scope) && !"pom".equals(type)) {
                    addWithDependencies(text(dependency, "artifactId"), closure);
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the pom of " + module, e);
        }
    }

    private static String text(Element parent, String tag) {
        NodeList nodes = parent.getElementsByTagName(tag);
        return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent().trim();
    }

    /** Every class name under the class folders whose class file mentions {@code descriptor}. */
    List<String> classesMentioning(String descriptor) {
        List<String> names = new ArrayList<>();
        for (Path dir : classDirs) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
                    if (new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1)
                            .contains(descriptor)) {
                        String relative = dir.relativize(file).toString();
                        names.add(relative.substring(0, relative.length() - ".class".length())
                                .replace(java.io.File.separatorChar, '.'));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return names;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (!name.startsWith(GROUP + ".")) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> loaded = findLoadedClass(name);
            if (loaded == null) {
                loaded = findClass(name);
            }
            if (resolve) {
                resolveClass(loaded);
            }
            return loaded;
        }
    }

    private static URL[] urls(List<Path> dirs) {
        URL[] urls = new URL[dirs.size()];
        for (int i = 0; i < urls.length; i++) {
            try {
                urls[i] = dirs.get(i).toUri().toURL();
            } catch (MalformedURLException e) {
                throw new IllegalStateException(e);
            }
        }
        return urls;
    }
}
