#include "application/cache/invalidating_unit_of_work.hpp"

#include <set>

namespace rampart::application {
namespace {

// What one unit of work changed; forgotten once now and once after commit.
struct Invalidations {
  std::set<std::string, std::less<>> users;
  std::set<std::string, std::less<>> sessions;
  std::set<std::string, std::less<>> permissions;
  std::set<std::string, std::less<>> service_accounts;
  std::set<std::string, std::less<>> api_keys;
  bool all_permissions = false;
  bool all_users = false;

  void Apply(IdentityCache& cache) const {
    if (all_users) {
      cache.ForgetAllUsers();
    } else {
      for (const auto& id : users) cache.ForgetUser(id);
    }
    for (const auto& id : sessions) cache.ForgetSession(id);
    for (const auto& id : service_accounts) cache.ForgetServiceAccount(id);
    for (const auto& id : api_keys) cache.ForgetApiKey(id);
    if (all_permissions) {
      cache.ForgetAllPermissions();
    } else {
      for (const auto& id : permissions) cache.ForgetPermissions(id);
    }
  }
};

class Users final : public UserRepository {
 public:
  Users(UserRepository& inner, IdentityCache& cache, Invalidations& changed)
      : inner_(inner), cache_(cache), changed_(changed) {}
  std::optional<domain::User> FindById(std::string_view id) override { return inner_.FindById(id); }
  std::optional<domain::User> FindByIdForUpdate(std::string_view id) override {
    return inner_.FindByIdForUpdate(id);
  }
  std::optional<domain::User> FindByEmail(const domain::Email& email) override {
    return inner_.FindByEmail(email);
  }
  domain::Result<void> Add(const domain::User& user) override { return inner_.Add(user); }
  domain::Result<void> Update(const domain::User& user) override {
    changed_.users.insert(user.id);
    cache_.ForgetUser(user.id);
    return inner_.Update(user);
  }
  void SetRoles(std::string_view user_id, const std::vector<std::string>& role_names) override {
    changed_.users.emplace(user_id);
    changed_.permissions.emplace(user_id);
    cache_.ForgetUser(user_id);
    cache_.ForgetPermissions(user_id);
    inner_.SetRoles(user_id, role_names);
  }
  std::vector<std::string> PermissionsOf(std::string_view user_id) override {
    return inner_.PermissionsOf(user_id);
  }
  long long Count() override { return inner_.Count(); }
  long long CountWithRole(std::string_view role_name) override {
    return inner_.CountWithRole(role_name);
  }
  long long CountActiveWithRoleForUpdate(std::string_view role_name) override {
    return inner_.CountActiveWithRoleForUpdate(role_name);
  }
  std::vector<StoredEmail> ListNonAsciiEmails() override { return inner_.ListNonAsciiEmails(); }
  UserListPage List(const UserListQuery& query) override { return inner_.List(query); }
  bool SoftDelete(std::string_view id, domain::TimePoint at) override {
    changed_.users.emplace(id);
    changed_.permissions.emplace(id);
    cache_.ForgetUser(id);
    cache_.ForgetPermissions(id);
    return inner_.SoftDelete(id, at);
  }

 private:
  UserRepository& inner_;
  IdentityCache& cache_;
  Invalidations& changed_;
};

class Roles final : public RoleRepository {
 public:
  Roles(RoleRepository& inner, IdentityCache& cache, Invalidations& changed)
      : inner_(inner), cache_(cache), changed_(changed) {}
  std::optional<domain::Role> FindByName(std::string_view name) override {
    return inner_.FindByName(name);
  }
  std::optional<domain::Role> FindByNameForUpdate(std::string_view name) override {
    return inner_.FindByNameForUpdate(name);
  }
  std::optional<domain::Role> FindById(std::string_view id) override { return inner_.FindById(id); }
  std::optional<domain::Role> FindByIdForUpdate(std::string_view id) override {
    return inner_.FindByIdForUpdate(id);
  }
  std::vector<domain::Role> List() override { return inner_.List(); }
  std::vector<std::string> LockExisting(const std::vector<std::string>& names) override {
    return inner_.LockExisting(names);
  }
  // A new role has no holders yet.
  domain::Result<void> Add(const domain::Role& role) override { return inner_.Add(role); }
  domain::Result<void> Update(const domain::Role& role) override {
    ForgetAllUsers();  // a rename changes the role names cached with each holder
    return inner_.Update(role);
  }
  void SetPermissions(std::string_view role_id,
                      const std::vector<std::string>& permissions) override {
    ForgetAllPermissions();
    inner_.SetPermissions(role_id, permissions);
  }
  bool Remove(std::string_view role_id) override {
    ForgetAllPermissions();
    ForgetAllUsers();
    return inner_.Remove(role_id);
  }
  domain::Role Upsert(const domain::Role& role) override {
    ForgetAllPermissions();
    return inner_.Upsert(role);
  }
  void SyncPermissions() override {
    ForgetAllPermissions();
    inner_.SyncPermissions();
  }

 private:
  void ForgetAllPermissions() {
    if (!changed_.all_permissions) cache_.ForgetAllPermissions();
    changed_.all_permissions = true;
  }
  void ForgetAllUsers() {
    if (!changed_.all_users) cache_.ForgetAllUsers();
    changed_.all_users = true;
  }
  RoleRepository& inner_;
  IdentityCache& cache_;
  Invalidations& changed_;
};

class Sessions final : public SessionRepository {
 public:
  Sessions(SessionRepository& inner, IdentityCache& cache, Invalidations& changed)
      : inner_(inner), cache_(cache), changed_(changed) {}
  void Add(const domain::Session& session) override { inner_.Add(session); }
  std::optional<domain::Session> FindById(std::string_view id) override {
    return inner_.FindById(id);
  }
  void Update(const domain::Session& session) override {
    changed_.sessions.insert(session.id);
    cache_.ForgetSession(session.id);
    inner_.Update(session);
  }
  std::vector<domain::Session> ListByUser(std::string_view user_id) override {
    return inner_.ListByUser(user_id);
  }
  int RevokeAllForUser(std::string_view user_id, domain::TimePoint at,
                       std::string_view reason) override {
    for (const auto& session : inner_.ListByUser(user_id)) {
      if (session.revoked_at) continue;  // already revoked: its cached state says so
      changed_.sessions.insert(session.id);
      cache_.ForgetSession(session.id);
    }
    return inner_.RevokeAllForUser(user_id, at, reason);
  }
  std::optional<AccessState> FindAccessState(std::string_view session_id) override {
    return inner_.FindAccessState(session_id);
  }
  void AddRefreshToken(const domain::RefreshToken& token) override {
    inner_.AddRefreshToken(token);
  }
  std::optional<domain::RefreshToken> FindRefreshToken(std::string_view token_hash) override {
    return inner_.FindRefreshToken(token_hash);
  }
  bool SpendRefreshToken(std::string_view token_hash, domain::TimePoint at) override {
    return inner_.SpendRefreshToken(token_hash, at);
  }

 private:
  SessionRepository& inner_;
  IdentityCache& cache_;
  Invalidations& changed_;
};

class ServiceAccounts final : public ServiceAccountRepository {
 public:
  ServiceAccounts(ServiceAccountRepository& inner, IdentityCache& cache, Invalidations& changed)
      : inner_(inner), cache_(cache), changed_(changed) {}
  std::optional<domain::ServiceAccount> FindById(std::string_view id) override {
    return inner_.FindById(id);
  }
  std::optional<domain::ServiceAccount> FindByIdForUpdate(std::string_view id) override {
    return inner_.FindByIdForUpdate(id);
  }
  std::optional<domain::ServiceAccount> FindByClientId(std::string_view client_id) override {
    return inner_.FindByClientId(client_id);
  }
  std::vector<domain::ServiceAccount> List() override { return inner_.List(); }
  domain::Result<void> Add(const domain::ServiceAccount& account) override {
    return inner_.Add(account);
  }
  domain::Result<void> Update(const domain::ServiceAccount& account) override {
    Forget(account.id, false);
    return inner_.Update(account);
  }
  void SetRoles(std::string_view id, const std::vector<std::string>& role_names) override {
    Forget(id, true);
    inner_.SetRoles(id, role_names);
  }
  std::vector<std::string> PermissionsOf(std::string_view id) override {
    return inner_.PermissionsOf(id);
  }
  bool Remove(std::string_view id) override {
    Forget(id, true);
    return inner_.Remove(id);
  }

 private:
  void Forget(std::string_view id, bool permissions) {
    changed_.service_accounts.emplace(id);
    cache_.ForgetServiceAccount(id);
    if (!permissions) return;
    changed_.permissions.emplace(id);
    cache_.ForgetPermissions(id);
  }
  ServiceAccountRepository& inner_;
  IdentityCache& cache_;
  Invalidations& changed_;
};

class ApiKeys final : public ApiKeyRepository {
 public:
  ApiKeys(ApiKeyRepository& inner, IdentityCache& cache, Invalidations& changed)
      : inner_(inner), cache_(cache), changed_(changed) {}
  void Add(const domain::ApiKey& key) override { inner_.Add(key); }
  std::optional<domain::ApiKey> FindById(std::string_view id) override {
    return inner_.FindById(id);
  }
  std::optional<domain::ApiKey> FindByPublicId(std::string_view public_id) override {
    return inner_.FindByPublicId(public_id);
  }
  std::vector<domain::ApiKey> ListByOwner(domain::PrincipalKind kind,
                                          std::string_view owner_id) override {
    return inner_.ListByOwner(kind, owner_id);
  }
  bool Revoke(std::string_view id, domain::TimePoint at) override {
    changed_.api_keys.emplace(id);
    cache_.ForgetApiKey(id);
    return inner_.Revoke(id, at);
  }
  // The last use is not cached: nothing to forget.
  void RecordUses(const std::vector<ApiKeyUse>& uses) override { inner_.RecordUses(uses); }

 private:
  ApiKeyRepository& inner_;
  IdentityCache& cache_;
  Invalidations& changed_;
};

class InvalidatingUnitOfWork final : public UnitOfWork {
 public:
  InvalidatingUnitOfWork(std::unique_ptr<UnitOfWork> inner, IdentityCache& cache)
      : inner_(std::move(inner)),
        cache_(cache),
        users_(inner_->Users(), cache, changed_),
        roles_(inner_->Roles(), cache, changed_),
        sessions_(inner_->Sessions(), cache, changed_),
        service_accounts_(inner_->ServiceAccounts(), cache, changed_),
        api_keys_(inner_->ApiKeys(), cache, changed_) {}

  UserRepository& Users() override { return users_; }
  RoleRepository& Roles() override { return roles_; }
  SessionRepository& Sessions() override { return sessions_; }
  AuditLog& Audit() override { return inner_->Audit(); }
  OneTimeTokenRepository& OneTimeTokens() override { return inner_->OneTimeTokens(); }
  OutboxRepository& Outbox() override { return inner_->Outbox(); }
  AddressFailureRepository& AddressFailures() override { return inner_->AddressFailures(); }
  InboxRepository& Inbox() override { return inner_->Inbox(); }
  DeliveryFailureRepository& DeliveryFailures() override { return inner_->DeliveryFailures(); }
  SecondFactorRepository& SecondFactors() override { return inner_->SecondFactors(); }
  ServiceAccountRepository& ServiceAccounts() override { return service_accounts_; }
  ApiKeyRepository& ApiKeys() override { return api_keys_; }
  NoteRepository& Notes() override { return inner_->Notes(); }
  void Commit() override {
    inner_->Commit();
    changed_.Apply(cache_);
  }

 private:
  std::unique_ptr<UnitOfWork> inner_;
  IdentityCache& cache_;
  Invalidations changed_;
  class Users users_;
  class Roles roles_;
  class Sessions sessions_;
  class ServiceAccounts service_accounts_;
  class ApiKeys api_keys_;
};

}  // namespace

std::unique_ptr<UnitOfWork> InvalidatingUnitOfWorkFactory::Begin(TransactionMode mode) {
  return std::make_unique<InvalidatingUnitOfWork>(inner_.Begin(mode), cache_);
}

}  // namespace rampart::application
