package org.hemacds.hooks;

/** One CDS service this deployment offers: its id and the hook it answers. */
public record CdsService(String id, Hook hook, String title, String description) {}
