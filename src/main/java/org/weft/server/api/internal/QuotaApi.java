package org.weft.server.api.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.weft.server.Errors;
import org.weft.server.api.ApiRequest;
import org.weft.server.api.ApiResponse;
import org.weft.server.api.CollectionHandler;
import org.weft.server.api.Router;
import org.weft.server.api.Validators;
import org.weft.server.policy.Caller;
import org.weft.server.policy.ProjectId;
import org.weft.server.service.Quotas;
import org.weft.store.Documents;

/**
 * {@code /v2.0/quotas}: the projects with limits of their own, a project's limits, its defaults and
 * its usage ({@code /details}), setting them and going back to the defaults.
 */
public final class QuotaApi implements CollectionHandler {
    private final Quotas quotas;

    public QuotaApi(Quotas quotas) {
        this.quotas = quotas;
    }

    @Override
    public String collection() {
        return "quotas";
    }

    @Override
    public String member() {
        return "quota";
    }

    @Override
    public ApiResponse handle(ApiRequest request) {
        List<String> path = request.path();
        String method = request.method();
        if (path.isEmpty()) {
            requireMethod(method, "GET");
            return list(request.caller());
        }
        if (path.size() == 1 && path.get(0).equals("tenant")) {
            requireMethod(method, "GET");
            ObjectNode body = Documents.MAPPER.createObjectNode();
            body.putObject("tenant").put("tenant_id", request.caller().project().value());
            return ApiResponse.json(200, body);
        }
        ProjectId project = new ProjectId(path.get(0));
        if (path.size() == 2 && path.get(1).equals("default")) {
            requireMethod(method, "GET");
            return quota(quotas.defaults());
        }
        if (path.size() == 2 && path.get(1).equals("details")) {
            requireMethod(method, "GET");
            requireVisible(request.caller(), project);
            return details(project);
        }
        if (path.size() != 1) {
            throw Router.notFound();
        }
        return switch (method) {
            case "GET" -> {
                requireVisible(request.caller(), project);
                yield quota(quotas.limits(project));
            }
            case "PUT" -> quota(quotas.update(request.caller(), project, changes(request)));
            case "DELETE" -> {
                quotas.reset(request.caller(), project);
                yield ApiResponse.noContent();
            }
            default -> throw Router.methodNotAllowed();
        };
    }

    private static void requireMethod(String method, String expected) {
        if (!method.equals(expected)) {
            throw Router.methodNotAllowed();
        }
    }

    private static void requireVisible(Caller caller, ProjectId project) {
        if (!caller.admin() && !caller.owns(project)) {
            throw Errors.policy("rule:get_quota");
        }
    }

    private ApiResponse list(Caller caller) {
        ObjectNode body = Documents.MAPPER.createObjectNode();
        var list = body.putArray("quotas");
        for (Map.Entry<ProjectId, Map<String, Integer>> project :
                quotas.projectsWithLimits().entrySet()) {
            if (!caller.admin() && !caller.owns(project.getKey())) {
                continue;
            }
            ObjectNode entry = Documents.MAPPER.valueToTree(project.getValue());
            entry.put("project_id", project.getKey().value());
            entry.put("tenant_id", project.getKey().value());
            list.add(entry);
        }
        return ApiResponse.json(200, body);
    }

    private static ApiResponse quota(Map<String, Integer> limits) {
        ObjectNode body = Documents.MAPPER.createObjectNode();
        body.set("quota", Documents.MAPPER.valueToTree(limits));
        return ApiResponse.json(200, body);
    }

    private ApiResponse details(ProjectId project) {
        ObjectNode body = Documents.MAPPER.createObjectNode();
        ObjectNode quota = body.putObject("quota");
        for (Map.Entry<String, Quotas.Usage> usage : quotas.details(project).entrySet()) {
            ObjectNode entry = quota.putObject(usage.getKey());
            entry.put("limit", usage.getValue().limit());
            entry.put("used", usage.getValue().used());
            entry.put("reserved", 0);
        }
        return ApiResponse.json(200, body);
    }

    private Map<String, Integer> changes(ApiRequest request) {
        JsonNode body = request.json();
        if (!body.isObject()) {
            throw Errors.badRequest("Body contains invalid data");
        }
        JsonNode quota = body.get("quota");
        if (quota == null || quota.isNull()) {
            throw Errors.badRequest("Unable to find 'quota' in request body");
        }
        if (!quota.isObject()) {
            throw Errors.badRequest("Object 'quota' contains invalid data");
        }
        List<String> unknown = new ArrayList<>();
        quota.fieldNames()
                .forEachRemaining(
                        name -> {
                            if (!quotas.resources().contains(name) && !name.equals("check_limit")) {
                                unknown.add(name);
                            }
                        });
        if (!unknown.isEmpty()) {
            throw Errors.badRequest(
                    "Unrecognized attribute(s) '" + String.join(", ", unknown) + "'");
        }
        Map<String, Integer> changes = new LinkedHashMap<>();
        for (String resource : quotas.resources()) {
            if (quota.has(resource)) {
                changes.put(
                        resource,
                        Validators.integerAtLeast(-1).apply(resource, quota.get(resource)).asInt());
            }
        }
        return changes;
    }
}
