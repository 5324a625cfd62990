package io.obshell.emulator.api;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.util.ReflectionUtils;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;
import org.springframework.web.servlet.mvc.method.annotation.ServletInvocableHandlerMethod;

/**
 * Calls controller methods through method handles instead of {@link Method#invoke}. Most
 * obshell answers are errors a controller throws as {@link ApiException}, which carries no
 * stack trace; reflection would wrap each one in an {@code InvocationTargetException} that
 * fills in the whole stack (a hundred frames under the filter chain) only to be unwrapped.
 * A method handle lets the controller's exception through as it is.
 */
class DirectHandlerAdapter extends RequestMappingHandlerAdapter {

    private static final Map<Method, MethodHandle> HANDLES = new ConcurrentHashMap<>();

    @Override
    protected ServletInvocableHandlerMethod createInvocableHandlerMethod(HandlerMethod handlerMethod) {
        return new DirectHandlerMethod(handlerMethod);
    }

    private static final class DirectHandlerMethod extends ServletInvocableHandlerMethod {

        DirectHandlerMethod(HandlerMethod handlerMethod) {
            super(handlerMethod);
        }

        @Override
        protected Object doInvoke(Object... args) throws Exception {
            MethodHandle handle = HANDLES.computeIfAbsent(getBridgedMethod(), DirectHandlerAdapter::handle);
            try {
                return (Object) handle.invokeExact(getBean(), args);
            } catch (Exception | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
        }
    }

    /** {@code (Object bean, Object[] args) -> Object}, for any arity. */
    private static MethodHandle handle(Method method) {
        ReflectionUtils.makeAccessible(method);
        try {
            int arity = method.getParameterCount();
            return MethodHandles.lookup().unreflect(method)
                    .asType(MethodType.genericMethodType(arity + 1))
                    .asSpreader(Object[].class, arity);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot call " + method, e);
        }
    }
}
