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

package io.github.gracefulshutdown;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.Assert;

/**
 * The condition behind {@link ConditionalOnEnabledSetting}.
 *
 * @author Graceful Shutdown contributors
 */
class OnEnabledSettingCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		Object key = metadata.getAnnotationAttributes(ConditionalOnEnabledSetting.class.getName()).get("value");
		Assert.state(key instanceof String, "No key");
		boolean enabled = Binder.get(context.getEnvironment()).bind((String) key, Boolean.class).orElse(true);
		return enabled ? ConditionOutcome.match(key + " is not false") : ConditionOutcome.noMatch(key + " is false");
	}

}
