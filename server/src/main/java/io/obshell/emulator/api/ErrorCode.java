package io.obshell.emulator.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * obshell's error catalogue as a client sees it (envelope-errors.md §2, auth.md §4.3,
 * dag-engine.md §2.5): the errCode string, the HTTP status of its kind, the legacy numeric
 * {@code code} (0 = not emitted) and the English message template; the Chinese one is in
 * {@code i18n/errors_zh.properties}, under the entry's name.
 */
public enum ErrorCode {

    COMMON_NOT_FOUND("Common.NotFound", 404, 0, "Element not found: %s"),
    COMMON_UNEXPECTED("Common.Unexpected", 500, 0, "Unexpected error: %s"),
    COMMON_BIND_JSON_FAILED("Common.BindJsonFailed", 400, 0, "Bind JSON failed: %s"),
    COMMON_UNAUTHORIZED("Common.Unauthorized", 401, 10008, "Unauthorized: %s"),
    COMMON_INVALID_PATH("Common.InvalidPath", 400, 0, "Path '%s' is not valid: %s"),
    COMMON_DIR_NOT_EMPTY("Common.DirNotEmpty", 500, 0, "Directory '%s' is not empty"),
    COMMON_ILLEGAL_ARGUMENT("Common.IllegalArgument", 400, 0, "Illegal argument: %s"),
    COMMON_INVALID_PORT("Common.InvalidPort", 400, 0, "The port '%s' is invalid, must be in [1024, 65535]"),
    COMMON_FILE_PERMISSION_DENIED("Common.FilePermissionDenied", 400, 0, "No read/write permission for file '%s'"),
    COMMON_PATH_NOT_EXIST("Common.PathNotExist", 400, 0, "'%s' does not exist"),
    COMMON_PATH_NOT_DIR("Common.PathNotDir", 400, 0, "'%s' is not a directory"),
    COMMON_INVALID_ADDRESS("Common.InvalidAddress", 400, 0, "'%s' is not a valid address"),
    COMMON_INVALID_IP("Common.InvalidIp", 400, 0, "'%s' is not a valid IP address"),


    REQUEST_HEADER_NOT_FOUND("Request.Header.NotFound", 400, 0,
            "X-OCS-Agent-Header or X-OCS-Header not found in http request header"),
    REQUEST_BODY_AES_KEY_AND_IV_INVALID("Request.Body.Decrypt.AES.KeyAndIv.Invalid", 500, 0,
            "AES key and IV size error"),
    REQUEST_BODY_AES_CONTENT_LENGTH_INVALID("Request.Body.Decrypt.AES.ContentLength.Invalid", 500, 0,
            "Decrypted string length is not a multiple of the block size"),
    REQUEST_BODY_READ_FAILED("Request.Body.ReadFailed", 400, 0, "Failed to read request body: %s"),
    REQUEST_FILE_MISSING("Request.File.Missing", 500, 0, "File '%s' in the request is missing: %s"),

    SECURITY_HEADER_DECRYPT_FAILED("Security.Authentication.Header.DecryptFailed", 401, 1,
            "Decrypt http header failed: %s"),
    SECURITY_URI_MISMATCH("Security.Authentication.Header.UriMismatch", 401, 10008, "URI mismatch"),
    SECURITY_AGENT_PASSWORD_NOT_INITIALIZED("Security.Authentication.AgentPasswordNotInitialized", 401, 10008,
            "Agent password is not initialized"),
    SECURITY_TIMESTAMP_INVALID("Security.Authentication.Timestamp.Invalid", 401, 10008,
            "Invalid timestamp: %s, err: %s"),
    SECURITY_EXPIRED("Security.Authentication.Expired", 401, 10008, "Authentication expired"),
    SECURITY_INCORRECT_AGENT_PASSWORD("Security.Authentication.IncorrectAgentPassword", 401, 10008,
            "Agent password is incorrect"),
    SECURITY_WITH_AGENT_PASSWORD("Security.Authentication.WithAgentPassword", 401, 10008,
            "Should use agent_password to verify: %s"),

    ENVIRONMENT_DISK_SPACE_NOT_ENOUGH("Environment.DiskSpaceNotEnough", 500, 0,
            "The remaining disk space is insufficient, the remaining disk space is %d, "
                    + "and the required disk space is %d"),

    AGENT_UNDER_MAINTENANCE("Agent.UnderMaintenance", 500, 0, "%s is under maintenance"),
    MYSQL_ERROR("MySQL.Error", 400, 0, "MySQL error: %s"),

    AGENT_OCEANBASE_NOT_HOLD("Agent.OceanBase.NotHold", 500, 0, "Agent is not holding OceanBase"),

    OBPROXY_NOT_BE_MANAGED("OBProxy.NotBeManaged", 400, 0, "This is not an OBProxy agent"),
    OBPROXY_ALREADY_MANAGED("OBProxy.AlreadyManaged", 400, 0, "Agent has already managed OBProxy"),
    OBPROXY_RS_LIST_AND_CONFIG_URL_CONFLICTED("OBProxy.RsListAndConfigUrl.Conflicted", 400, 0,
            "rs_list and config_url cannot be specified at the same time"),
    OBPROXY_RS_LIST_OR_CONFIG_URL_NOT_SPECIFIED("OBProxy.RsListOrConfigUrl.NotSpecified", 400, 0,
            "rs_list or config_url must be specified when agent is not cluster agent"),
    OBPROXY_VERSION_OUTPUT_UNEXPECTED("OBProxy.VersionOutputUnexpected", 500, 0, "Version not found in output: %s"),
    OBPROXY_HEALTH_CHECK_TIMEOUT("OBProxy.HealthCheckTimeout", 400, 0, "OBProxy health check timeout"),
    OBPROXY_STOP_TIMEOUT("OBProxy.StopTimeout", 400, 0, "Kill OBProxy process timeout"),
    OBPROXY_HOT_RESTART_TIMEOUT("OBProxy.HotRestartTimeout", 400, 0, "Wait hot restart OBProxy finish timeout"),
    OBPROXY_NOT_RUNNING("OBProxy.NotRunning", 400, 0, "OBProxy is not running"),
    OBPROXY_UPGRADE_TO_LOWER_VERSION("OBProxy.UpgradeToLowerVersion", 400, 0,
            "Target version %s is not greater than current version %s. "
                    + "Please verify if the parameters have been filled out correctly"),
    OBPROXY_PACKAGE_NOT_FOUND("OBProxy.Package.NotFound", 400, 0, "Package %s is not found"),
    OBPROXY_PACKAGE_MISSING_FILE("OBProxy.Package.NotFound", 400, 0, "These files are missing: '%s'"),
    OBPROXY_PACKAGE_NAME_INVALID("OBProxy.Package.Name.Invalid", 400, 0,
            "Unsupported name '%s', the supported name is '%s'"),
    OBPROXY_VERSION_NOT_SUPPORTED("OBProxy.Version.NotSupported", 400, 0,
            "OBProxy version %s is lower than the minimum supported version %s"),
    PACKAGE_COMPRESSION_NOT_SUPPORTED("Package.Compression.NotSupported", 400, 0,
            "Unsupported compression '%s', the supported compression is '%s'"),
    PACKAGE_FORMAT_INVALID("Package.Format.Invalid", 400, 0,
            "Unsupported payload format '%s', the supported payload format is '%s'"),
    PACKAGE_RELEASE_FORMAT_INVALID("Package.ReleaseFormat.Invalid", 400, 0, "Release format %s is illegal"),

    TASK_CREATE_FAILED("Task.CreateFailed", 500, 0, "Create task '%s' failed"),
    TASK_NOT_FOUND("Task.NotFound", 404, 0, "Task not found: %s"),
    /** {@code WrapRetain(ErrTaskNotFound, err)}: the entry without a reason, followed by the cause. */
    TASK_NOT_FOUND_CAUSED("Task.NotFound", 404, 0, "Task not found"),
    TASK_GENERIC_ID_INVALID("Task.GenericID.Invalid", 400, 0, "Invalid ID: %s"),
    TASK_DAG_OPERATOR_NOT_SUPPORT("Task.Dag.Operator.NotSupport", 400, 0, "Operator %s is not supported"),
    TASK_NODE_OPERATOR_NOT_SUPPORT("Task.Node.Operator.NotSupport", 400, 0, "Operator %s is not supported"),
    TASK_RETRY_NOT_FAILED_DAG("Task.Dag.Operator.RetryNotFailedDag", 400, 0,
            "Failed to set DAG retry: DAG state is not failed"),
    TASK_RETRY_NOT_ALLOWED("Task.Dag.Operator.RetryNotAllowed", 400, 0,
            "Failed to set DAG retry: node %s cannot retry"),
    TASK_ROLLBACK_NOT_FAILED_DAG("Task.Dag.Operator.RollbackNotFailedDag", 400, 0,
            "Failed to set DAG rollback: DAG state is not failed"),
    TASK_ROLLBACK_NOT_ALLOWED("Task.Dag.Operator.RollbackNotAllowed", 400, 0,
            "Failed to set DAG rollback: node %s cannot rollback"),
    TASK_CANCEL_FINISHED_DAG("Task.Dag.Operator.CancelFinishedDag", 400, 0, "Failed to cancel DAG: DAG is finished"),
    TASK_CANCEL_NOT_ALLOWED("Task.Dag.Operator.CancelNotAllowed", 400, 0,
            "Failed to cancel DAG: node %s cannot cancel"),
    TASK_PASS_NOT_FAILED_DAG("Task.Dag.Operator.PassNotFailedDag", 400, 0, "Failed to pass DAG: DAG is not failed"),
    TASK_PASS_NOT_ALLOWED("Task.Dag.Operator.PassNotAllowed", 400, 0, "Failed to pass DAG: node %s cannot pass"),
    TASK_NODE_PASS_NOT_FAILED_DAG("Task.Node.Operator.PassNotFailedDag", 400, 0,
            "Failed to pass node: assigned DAG is not failed"),
    TASK_NODE_PASS_NOT_FAILED_NODE("Task.Node.Operator.PassNotFailedNode", 400, 0,
            "Failed to pass node: node %s is not failed"),
    TASK_NODE_PASS_NOT_ALLOWED("Task.Node.Operator.PassNotAllowed", 400, 0,
            "Failed to pass node: node %s cannot pass");

    private final String errCode;
    private final int status;
    private final int legacyCode;
    private final String template;

    ErrorCode(String errCode, int status, int legacyCode, String template) {
        this.errCode = errCode;
        this.status = status;
        this.legacyCode = legacyCode;
        this.template = template;
    }

    public String errCode() {
        return errCode;
    }

    public int status() {
        return status;
    }

    public int legacyCode() {
        return legacyCode;
    }

    public String message(Object... args) {
        return args.length == 0 ? template : String.format(template, args);
    }

    /**
     * The message template in a language: English as above, Chinese from
     * {@code i18n/errors_zh.properties} (obshell's zh.json texts, keyed by this enum's names).
     * (For an entry zh.json lacks, obshell prints the i18n key; every entry here has a text.)
     */
    public String template(Language language) {
        return language == Language.ZH ? Chinese.TEMPLATES.getOrDefault(name(), template) : template;
    }

    /** Loaded once, on first use. */
    private static final class Chinese {

        static final Map<String, String> TEMPLATES = load();

        private static Map<String, String> load() {
            Properties properties = new Properties();
            try (InputStream in = ErrorCode.class.getResourceAsStream("/i18n/errors_zh.properties")) {
                if (in == null) {
                    throw new IllegalStateException("i18n/errors_zh.properties is missing");
                }
                properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Map<String, String> templates = new HashMap<>();
            properties.forEach((key, value) -> templates.put(key.toString(), value.toString()));
            return Map.copyOf(templates);
        }
    }
}
