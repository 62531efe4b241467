import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { Department, Page, User } from '../api/types';

interface OrganisationValue {
  users: User[];
  departments: Department[];
  loaded: boolean;
  userName(id: string | null | undefined): string;
  departmentName(id: string | null | undefined): string;
  leaders: User[];
}

const OrganisationContext = createContext<OrganisationValue | null>(null);

/** Users and departments, loaded once per sign-in: every page names people and departments. */
export function OrganisationProvider({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const [users, setUsers] = useState<User[]>([]);
  const [departments, setDepartments] = useState<Department[]>([]);
  const [loaded, setLoaded] = useState(false);

  useEffect(() => {
    let live = true;
    void Promise.all([
      api.get<Page<User>>('/users?pageSize=500'),
      api.get<Page<Department>>('/departments?pageSize=500'),
    ])
      .then(([u, d]) => {
        if (!live) return;
        setUsers(u.items);
        setDepartments(d.items);
        setLoaded(true);
      })
      .catch(() => live && setLoaded(true));
    return () => {
      live = false;
    };
  }, []);

  const value = useMemo<OrganisationValue>(() => {
    const userById = new Map(users.map((u) => [u.id, u]));
    const deptById = new Map(departments.map((d) => [d.id, d]));
    return {
      users,
      departments,
      loaded,
      leaders: users.filter((u) => u.roles.includes('leader')),
      userName: (id) =>
        id ? (userById.get(id)?.displayName ?? t('common.unknownUser')) : t('common.system'),
      departmentName: (id) => {
        if (!id) return '—';
        const d = deptById.get(id);
        return d ? `${d.name}（${d.code}）` : id.slice(0, 8);
      },
    };
  }, [users, departments, loaded, t]);
  return <OrganisationContext.Provider value={value}>{children}</OrganisationContext.Provider>;
}

export function useOrganisation(): OrganisationValue {
  const value = useContext(OrganisationContext);
  if (!value) throw new Error('useOrganisation outside OrganisationProvider');
  return value;
}
