/* Stub for the syntax check only (see native-ios/stubs/README.md): the C API of Network.framework
 * the shim uses (connection.h, parameters.h, endpoint.h, error.h, content_context.h, tcp_options.h,
 * tls_options.h, object.h, listener.h). */
#ifndef WS_STUB_NETWORK_H
#define WS_STUB_NETWORK_H

#include <stdbool.h>
#include <stdint.h>

#include <dispatch/dispatch.h>
#include <Security/Security.h>

/* object.h: in C, Network objects are pointers to incomplete structs, with nw_retain / nw_release. */
typedef struct nw_connection *nw_connection_t;
typedef struct nw_endpoint *nw_endpoint_t;
typedef struct nw_parameters *nw_parameters_t;
typedef struct nw_protocol_options *nw_protocol_options_t;
typedef struct nw_error *nw_error_t;
typedef struct nw_content_context *nw_content_context_t;
typedef struct nw_listener *nw_listener_t;
void *nw_retain(void *obj);
void nw_release(void *obj);

/* endpoint.h */
struct sockaddr;
typedef enum {
  nw_endpoint_type_invalid = 0,
  nw_endpoint_type_address = 1,
  nw_endpoint_type_host = 2,
  nw_endpoint_type_bonjour_service = 3,
  nw_endpoint_type_url = 4
} nw_endpoint_type_t;
nw_endpoint_t nw_endpoint_create_host(const char *hostname, const char *port);
nw_endpoint_type_t nw_endpoint_get_type(nw_endpoint_t endpoint);
const struct sockaddr *nw_endpoint_get_address(nw_endpoint_t endpoint);
uint16_t nw_endpoint_get_port(nw_endpoint_t endpoint);

/* parameters.h */
typedef void (^nw_parameters_configure_protocol_block_t)(nw_protocol_options_t options);
extern const nw_parameters_configure_protocol_block_t _nw_parameters_configure_protocol_default_configuration;
extern const nw_parameters_configure_protocol_block_t _nw_parameters_configure_protocol_disable;
#define NW_PARAMETERS_DEFAULT_CONFIGURATION (_nw_parameters_configure_protocol_default_configuration)
#define NW_PARAMETERS_DISABLE_PROTOCOL (_nw_parameters_configure_protocol_disable)
nw_parameters_t nw_parameters_create_secure_tcp(nw_parameters_configure_protocol_block_t configure_tls,
                                                nw_parameters_configure_protocol_block_t configure_tcp);
void nw_parameters_set_local_endpoint(nw_parameters_t parameters, nw_endpoint_t local_endpoint);
void nw_parameters_set_reuse_local_address(nw_parameters_t parameters, bool reuse_local_address);

/* tcp_options.h */
void nw_tcp_options_set_no_delay(nw_protocol_options_t options, bool no_delay);
void nw_tcp_options_set_connection_timeout(nw_protocol_options_t options, uint32_t connection_timeout);

/* tls_options.h */
sec_protocol_options_t nw_tls_copy_sec_protocol_options(nw_protocol_options_t options);

/* error.h */
typedef enum {
  nw_error_domain_invalid = 0,
  nw_error_domain_posix = 1,
  nw_error_domain_dns = 2,
  nw_error_domain_tls = 3
} nw_error_domain_t;
nw_error_domain_t nw_error_get_error_domain(nw_error_t error);
int nw_error_get_error_code(nw_error_t error);

/* content_context.h */
bool nw_content_context_get_is_final(nw_content_context_t context);

/* connection.h */
typedef enum {
  nw_connection_state_invalid = 0,
  nw_connection_state_waiting = 1,
  nw_connection_state_preparing = 2,
  nw_connection_state_ready = 3,
  nw_connection_state_failed = 4,
  nw_connection_state_cancelled = 5
} nw_connection_state_t;

typedef void (^nw_connection_state_changed_handler_t)(nw_connection_state_t state, nw_error_t error);
typedef void (^nw_connection_receive_completion_t)(dispatch_data_t content, nw_content_context_t context,
                                                   bool is_complete, nw_error_t error);
typedef void (^nw_connection_send_completion_t)(nw_error_t error);

extern const nw_content_context_t _nw_content_context_default_message;
extern const nw_content_context_t _nw_content_context_final_send;
#define NW_CONNECTION_DEFAULT_MESSAGE_CONTEXT (nw_content_context_t) _nw_content_context_default_message
#define NW_CONNECTION_FINAL_MESSAGE_CONTEXT (nw_content_context_t) _nw_content_context_final_send

nw_connection_t nw_connection_create(nw_endpoint_t endpoint, nw_parameters_t parameters);
void nw_connection_set_queue(nw_connection_t connection, dispatch_queue_t queue);
void nw_connection_set_state_changed_handler(nw_connection_t connection,
                                             nw_connection_state_changed_handler_t handler);
void nw_connection_start(nw_connection_t connection);
void nw_connection_cancel(nw_connection_t connection);
void nw_connection_receive(nw_connection_t connection, uint32_t minimum_incomplete_length,
                           uint32_t maximum_length, nw_connection_receive_completion_t completion);
void nw_connection_send(nw_connection_t connection, dispatch_data_t content, nw_content_context_t context,
                        bool is_complete, nw_connection_send_completion_t completion);
nw_endpoint_t nw_connection_copy_endpoint(nw_connection_t connection);

/* listener.h */
typedef enum {
  nw_listener_state_invalid = 0,
  nw_listener_state_waiting = 1,
  nw_listener_state_ready = 2,
  nw_listener_state_failed = 3,
  nw_listener_state_cancelled = 4
} nw_listener_state_t;

typedef void (^nw_listener_state_changed_handler_t)(nw_listener_state_t state, nw_error_t error);
typedef void (^nw_listener_new_connection_handler_t)(nw_connection_t connection);

nw_listener_t nw_listener_create(nw_parameters_t parameters);
nw_listener_t nw_listener_create_with_port(const char *port, nw_parameters_t parameters);
void nw_listener_set_queue(nw_listener_t listener, dispatch_queue_t queue);
void nw_listener_set_state_changed_handler(nw_listener_t listener, nw_listener_state_changed_handler_t handler);
void nw_listener_set_new_connection_handler(nw_listener_t listener, nw_listener_new_connection_handler_t handler);
void nw_listener_start(nw_listener_t listener);
void nw_listener_cancel(nw_listener_t listener);
uint16_t nw_listener_get_port(nw_listener_t listener);

#endif
