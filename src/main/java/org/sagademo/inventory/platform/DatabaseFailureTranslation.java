package org.sagademo.inventory.platform;

import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

/**
 * Turns a transient database failure into {@link TransientDatabaseFailure} as it leaves a business method of a bean
 * marked {@link DatabaseFailuresTranslated}, inside the EJB container's handling of the call: the container then
 * rolls its transaction back and passes the failure on as it is. A failure at the commit, after the method returned, is
 * the container's own and stays a system exception.
 */
@Interceptor
@DatabaseFailuresTranslated
@Priority(Interceptor.Priority.PLATFORM_AFTER)
public class DatabaseFailureTranslation {

    @AroundInvoke
    Object translate(InvocationContext call) throws Exception {
        try {
            return call.proceed();
        } catch (TransientDatabaseFailure translated) {
            throw translated;
        } catch (RuntimeException failure) {
            throw TransientDatabaseFailure.isCauseOf(failure) ? new TransientDatabaseFailure(failure) : failure;
        }
    }
}
