/*
 * Copyright 2026-present the original author or authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *      https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */


package io.github.gracefulshutdown.chart;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.BeanDeserializerBuilder;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

/**
 * Reads rendered manifests into typed Kubernetes objects as strictly as the API server
 * does: a field the model does not know, or a scalar of the wrong type (a number where a
 * string goes, as in an unquoted env value), fails the read.
 * <p>
 * The fabric8 model keeps unknown fields in {@code additionalProperties} through a Jackson
 * any-setter, so the any-setter is removed from every model class but
 * {@link GenericKubernetesResource}, which holds custom resources such as the
 * ServiceMonitor, the PodMonitor and the PrometheusRule and is made of nothing else.
 */
final class KubernetesManifests {

	private static final Map<String, Class<? extends HasMetadata>> TYPES = Map.of("v1/Service", Service.class,
			"v1/ServiceAccount", ServiceAccount.class, "v1/Pod", Pod.class, "apps/v1/Deployment", Deployment.class,
			"policy/v1/PodDisruptionBudget", PodDisruptionBudget.class, "networking.k8s.io/v1/NetworkPolicy",
			NetworkPolicy.class, "monitoring.coreos.com/v1/ServiceMonitor", GenericKubernetesResource.class,
			"monitoring.coreos.com/v1/PodMonitor", GenericKubernetesResource.class,
			"monitoring.coreos.com/v1/PrometheusRule", GenericKubernetesResource.class);

	private static final YAMLMapper MAPPER = strictMapper();

	private KubernetesManifests() {
	}

	/**
	 * Parse a multi-document YAML stream, as rendered by {@code helm template}.
	 * @param yaml the manifests
	 * @return one object per non-empty document, in order
	 * @throws IllegalArgumentException if a document is of an unexpected kind or does
	 * not match its kind's schema
	 */
	static List<HasMetadata> parse(String yaml) {
		List<HasMetadata> objects = new ArrayList<>();
		try {
			for (JsonNode document : MAPPER.readerFor(JsonNode.class).<JsonNode>readValues(yaml).readAll()) {
				if (document != null && !document.isNull() && !document.isMissingNode()) {
					objects.add(read(document));
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return objects;
	}

	private static HasMetadata read(JsonNode document) {
		String type = document.path("apiVersion").asText() + "/" + document.path("kind").asText();
		Class<? extends HasMetadata> modelClass = TYPES.get(type);
		if (modelClass == null) {
			throw new IllegalArgumentException("Unexpected kind " + type + " in\n" + document.toPrettyString());
		}
		try {
			return MAPPER.treeToValue(document, modelClass);
		}
		catch (IOException ex) {
			throw new IllegalArgumentException(type + " does not match the Kubernetes model: " + ex.getMessage(), ex);
		}
	}

	private static YAMLMapper strictMapper() {
		SimpleModule rejectUnknownFields = new SimpleModule("reject-unknown-fields");
		rejectUnknownFields.setDeserializerModifier(new BeanDeserializerModifier() {

			@Override
			public BeanDeserializerBuilder updateBuilder(DeserializationConfig config, BeanDescription description,
					BeanDeserializerBuilder builder) {
				if (description.getBeanClass() != GenericKubernetesResource.class) {
					builder.setAnySetter(null);
				}
				return builder;
			}

		});
		YAMLMapper mapper = YAMLMapper.builder()
			.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
			.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
			.enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
			.disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
			.addModule(rejectUnknownFields)
			.build();
		for (CoercionInputShape shape : List.of(CoercionInputShape.Integer, CoercionInputShape.Float,
				CoercionInputShape.Boolean)) {
			mapper.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
		}
		return mapper;
	}

}
