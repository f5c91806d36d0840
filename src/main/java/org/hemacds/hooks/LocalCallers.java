package org.hemacds.hooks;

import jakarta.servlet.http.HttpServletRequest;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Whether a request comes from this machine: for what is open only to local callers (analytics
 * without an admin token, demo tokens). Never resolves a name.
 */
public final class LocalCallers {

  private static final Pattern IPV4_LOOPBACK = Pattern.compile("127(\\.\\d{1,3}){3}");
  private static final List<String> PROXY_HEADERS =
      List.of("Forwarded", "X-Forwarded-For", "X-Forwarded-Host", "X-Real-IP");

  private LocalCallers() {}

  /**
   * The connection comes from a loopback address, no proxy header says it was relayed (behind a
   * local reverse proxy every caller would look like loopback), and the {@code Host} it asked for
   * is a loopback name (a foreign name that resolves to this machine is DNS rebinding).
   */
  public static boolean isLocal(HttpServletRequest request) {
    for (String header : PROXY_HEADERS) {
      if (request.getHeader(header) != null) {
        return false;
      }
    }
    return isLoopbackAddress(request.getRemoteAddr()) && isLoopbackName(request.getServerName());
  }

  /** An IP literal (as the container reports the peer) on the loopback network. */
  public static boolean isLoopbackAddress(String address) {
    if (address == null || address.isEmpty()) {
      return false;
    }
    String literal = address.startsWith("[") ? address.substring(1, address.length() - 1) : address;
    if (!literal.contains(":") && !IPV4_LOOPBACK.matcher(literal).matches()) {
      return false; // never resolve a name here
    }
    try {
      return InetAddress.getByName(literal).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /** {@code localhost}, a {@code .localhost} name, or a loopback IP literal. */
  public static boolean isLoopbackName(String host) {
    if (host == null) {
      return false;
    }
    String name = host.toLowerCase(Locale.ROOT);
    if (name.equals("localhost") || name.endsWith(".localhost")) {
      return true;
    }
    return isLoopbackAddress(name);
  }
}
