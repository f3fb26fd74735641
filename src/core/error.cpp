// The error table. Adding an ErrorCode without a row here fails the unit test that walks the enum.
#include "core/error.hpp"

#include <array>
#include <stdexcept>

namespace ug {
namespace {

const std::vector<ErrorCodeInfo>& table() {
  static const std::vector<ErrorCodeInfo> rows = {
      {ErrorCode::bad_request, "bad_request", 400, LogLevel::info, "请求格式错误"},
      {ErrorCode::invalid_json, "invalid_json", 400, LogLevel::info, "请求体不是合法的 JSON"},
      {ErrorCode::validation_failed, "validation_failed", 422, LogLevel::info, "输入内容不符合要求"},
      {ErrorCode::unauthenticated, "unauthenticated", 401, LogLevel::info, "需要登录"},
      {ErrorCode::forbidden, "forbidden", 403, LogLevel::warn, "没有权限执行此操作"},
      {ErrorCode::not_found, "not_found", 404, LogLevel::debug, "请求的资源不存在"},
      {ErrorCode::method_not_allowed, "method_not_allowed", 405, LogLevel::info, "该地址不支持此请求方法"},
      {ErrorCode::request_timeout, "request_timeout", 408, LogLevel::info, "请求发送超时"},
      {ErrorCode::conflict, "conflict", 409, LogLevel::info, "数据已被修改或已存在，请刷新后重试"},
      {ErrorCode::illegal_transition, "illegal_transition", 409, LogLevel::info, "当前状态不允许此操作"},
      {ErrorCode::payload_too_large, "payload_too_large", 413, LogLevel::info, "请求体过大"},
      {ErrorCode::unsupported_media_type, "unsupported_media_type", 415, LogLevel::info, "不支持的内容类型"},
      {ErrorCode::headers_too_large, "headers_too_large", 431, LogLevel::info, "请求头过大"},
      {ErrorCode::rate_limited, "rate_limited", 429, LogLevel::warn, "请求过于频繁，请稍后再试"},
      {ErrorCode::internal, "internal", 500, LogLevel::error, "服务器内部错误"},
      {ErrorCode::unavailable, "unavailable", 503, LogLevel::error, "服务暂时不可用"},
      {ErrorCode::overloaded, "overloaded", 503, LogLevel::warn, "服务器繁忙，请稍后重试"},
  };
  return rows;
}

}  // namespace

const std::vector<ErrorCodeInfo>& all_error_codes() { return table(); }

const ErrorCodeInfo& info(ErrorCode code) {
  for (const auto& row : table()) {
    if (row.code == code) return row;
  }
  throw std::logic_error("ErrorCode without a row in the error table");
}

std::string_view to_string(ErrorCode code) { return info(code).name; }

std::string Error::public_message() const {
  return message.empty() ? std::string(info(code).default_message) : message;
}

}  // namespace ug
