package oojwt.example;

import jakarta.servlet.DispatcherType;
import oojwt.Callback;
import oojwt.Jwt;
import oojwt.servlet.CallbackServlet;
import oojwt.servlet.DownloadFilter;
import org.eclipse.jetty.ee10.servlet.DefaultServlet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.EnumSet;

/**
 * The README's runnable example (compiled with the tests): a storage service for Docs in embedded Jetty.
 * {@code java oojwt.example.Storage /etc/onlyoffice/documentserver/local.json /srv/storage 8080}
 */
public final class Storage {
    public static void main(String[] args) throws Exception {
        String settings = Jwt.loadConfig(args[0]); // Docs' own local.json: secrets, headers, tolerance
        Path root = Path.of(args[1]);
        HttpClient http = HttpClient.newHttpClient();
        ServletContextHandler context = new ServletContextHandler();
        // Docs' callbacks: verified with the outbox secret; answered {"error":0}, or {"error":1} with 400/403/500.
        context.addServlet(new ServletHolder(new CallbackServlet(settings, cb -> {
            if (cb.status() == Callback.Status.READY_FOR_SAVING || cb.status() == Callback.Status.FORCE_SAVE) {
                // Throwing here answers 500 {"error":1}: Docs takes the save as failed.
                http.send(HttpRequest.newBuilder(URI.create(cb.url())).build(),
                        HttpResponse.BodyHandlers.ofFile(root.resolve("files").resolve(cb.key() + ".docx")));
            }
        })), "/callback");
        // The files Docs downloads (document.url = http://host:8080/files/KEY.docx): 403 without a valid token.
        context.addFilter(new FilterHolder(new DownloadFilter(settings, null)), "/files/*",
                EnumSet.of(DispatcherType.REQUEST));
        context.setBaseResourceAsString(root.toString());
        context.addServlet(DefaultServlet.class, "/");
        Server server = new Server(Integer.parseInt(args[2]));
        server.setHandler(context);
        server.start();
        server.join();
    }
}
