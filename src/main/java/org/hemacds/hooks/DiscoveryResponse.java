package org.hemacds.hooks;

import java.util.List;

/** {@code GET /cds-services}: always has a {@code services} array. */
public record DiscoveryResponse(List<CdsServiceDescriptor> services) {}
