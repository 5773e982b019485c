#pragma once
// Where AWS credentials come from, in the AWS SDKs' order: the environment
// (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN), the ECS container credentials
// endpoint (AWS_CONTAINER_CREDENTIALS_RELATIVE_URI via 169.254.170.2, or
// AWS_CONTAINER_CREDENTIALS_FULL_URI with AWS_CONTAINER_AUTHORIZATION_TOKEN or
// AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE), then EC2 instance metadata with IMDSv2 (a session
// token PUT, then GETs carrying it; AWS_EC2_METADATA_DISABLED=true turns it off,
// AWS_EC2_METADATA_SERVICE_ENDPOINT moves it).
#include <expected>
#include <map>
#include <memory>
#include <string>

#include "infrastructure/aws/credentials.hpp"
#include "infrastructure/http/dependency.hpp"

namespace rampart::infrastructure::aws {

// The process environment's variables (tests pass their own).
using Environment = std::map<std::string, std::string>;

// AwsEnvironmentFromProcess returns the AWS_* and ECS variables of this process.
Environment AwsEnvironmentFromProcess();

// EnvironmentCredentials returns static keys from the environment; nullopt when AWS_ACCESS_KEY_ID
// is not set. An error when only half of the pair is.
std::optional<std::expected<AwsCredentials, std::string>> EnvironmentCredentials(
    const Environment& environment);

// ParseCredentialsDocument returns the credentials document of the ECS endpoint and of IMDS:
// {AccessKeyId, SecretAccessKey, Token, Expiration}; IMDS adds Code, which must be "Success".
std::expected<AwsCredentials, std::string> ParseCredentialsDocument(std::string_view body,
                                                                    std::string source);

struct SourceOptions {
  std::string ecs_host = "169.254.170.2";  // of AWS_CONTAINER_CREDENTIALS_RELATIVE_URI
  std::string imds_endpoint;               // empty: AWS_EC2_METADATA_SERVICE_ENDPOINT or
                                           // http://169.254.169.254
};

// Fetches temporary credentials from one endpoint; each call is a fresh fetch.
using Fetcher = std::function<std::expected<AwsCredentials, std::string>()>;

// ContainerFetcher returns the ECS fetcher when its variables are set; nullopt otherwise; an error
// for a FULL_URI on a host the SDKs do not allow over plain http (loopback, the ECS and EKS
// link-local addresses).
std::optional<std::expected<Fetcher, std::string>> ContainerFetcher(const Environment& environment,
                                                                    http::Dependency& metadata,
                                                                    const SourceOptions& options);

// ImdsFetcher returns the IMDSv2 fetcher, or nullopt when AWS_EC2_METADATA_DISABLED is true.
std::optional<Fetcher> ImdsFetcher(const Environment& environment, http::Dependency& metadata,
                                   const SourceOptions& options);

// DefaultCredentialChain returns the first source that applies, in the order above, as a provider:
// static keys as they are, temporary credentials behind a RefreshingCredentials. An error when a
// configured source is malformed. `metadata` is the dependency the ECS and IMDS calls go through.
std::expected<std::unique_ptr<CredentialsProvider>, std::string> DefaultCredentialChain(
    const Environment& environment, http::Dependency& metadata, const SourceOptions& options = {});

}  // namespace rampart::infrastructure::aws
